// v1 PersistentVolumeClaim, served as a kind and embedded in StatefulSet's
// volumeClaimTemplates and ephemeral volumes. Its status is the volume controller's.
import { condition, kindObject, mergedList, object, quantityMap, ref, str, stringMap, strings, time } from '../builders.js';
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
  [`${CORE}PersistentVolumeClaimStatus`]: object({
    accessModes: strings(),
    allocatedResourceStatuses: stringMap({ 'x-kubernetes-map-type': 'granular' }),
    allocatedResources: quantityMap(),
    capacity: quantityMap(),
    conditions: mergedList(`${CORE}PersistentVolumeClaimCondition`, 'type'),
    currentVolumeAttributesClassName: str(),
    modifyVolumeStatus: ref(`${CORE}ModifyVolumeStatus`),
    phase: str(),
  }),
  [`${CORE}PersistentVolumeClaimCondition`]: condition({ lastProbeTime: time() }),
  [`${CORE}ModifyVolumeStatus`]: object({ status: str({ default: '' }), targetVolumeAttributesClassName: str() }, ['status']),
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

