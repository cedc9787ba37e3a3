// v1 PersistentVolumeClaim, as StatefulSet's volumeClaimTemplates and ephemeral
// volumes embed it. Its status is written by the volume controller, never by
// users, so it is kept opaque; a claim exported with `status: {phase: Pending}` still validates.
import { kindObject, object, preserved, quantityMap, ref, str, strings } from '../builders.js';
import { CORE, META } from '../names.js';
import type { ComponentTable } from '../schema.js';

export const PVC_COMPONENTS: ComponentTable = {
  [`${CORE}PersistentVolumeClaim`]: kindObject(
    { group: '', version: 'v1', kind: 'PersistentVolumeClaim' },
    'A user request for persistent storage.',
    {
      spec: ref(`${CORE}PersistentVolumeClaimSpec`, { default: {} }),
      status: ref(`${CORE}PersistentVolumeClaimStatus`, { default: {} }),
    },
  ),
  [`${CORE}PersistentVolumeClaimSpec`]: object({
    accessModes: strings(),
    dataSource: ref(`${CORE}TypedLocalObjectReference`),
    dataSourceRef: ref(`${CORE}TypedObjectReference`),
    resources: ref(`${CORE}VolumeResourceRequirements`, { default: {} }),
    selector: ref(`${META}LabelSelector`),
    storageClassName: str(),
    volumeAttributesClassName: str(),
    volumeMode: str(),
    volumeName: str(),
  }),
  [`${CORE}PersistentVolumeClaimStatus`]: preserved('The observed state of a claim, written by the volume controller.'),
  [`${CORE}VolumeResourceRequirements`]: object({ limits: quantityMap(), requests: quantityMap() }),
  [`${CORE}TypedLocalObjectReference`]: object(
    { apiGroup: str(), kind: str({ default: '' }), name: str({ default: '' }) },
    ['kind', 'name'],
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${CORE}TypedObjectReference`]: object(
    { apiGroup: str(), kind: str({ default: '' }), name: str({ default: '' }), namespace: str() },
    ['kind', 'name'],
  ),
};

