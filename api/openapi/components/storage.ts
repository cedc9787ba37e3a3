// storage.k8s.io/v1 StorageClass, and the core topology terms it restricts provisioning with.
import { atomicList, bool, kindObject, object, str, stringMap, strings } from '../builders.js';
import { CORE, STORAGE_V1 } from '../names.js';
import type { ComponentTable } from '../schema.js';

export const STORAGE_COMPONENTS: ComponentTable = {
  [`${STORAGE_V1}StorageClass`]: kindObject(
    { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass' },
    'Describes the parameters for a class of storage for which PersistentVolumes can be dynamically provisioned.',
    {
      allowVolumeExpansion: bool(),
      allowedTopologies: atomicList(`${CORE}TopologySelectorTerm`),
      mountOptions: strings(),
      parameters: stringMap(),
      provisioner: str({ default: '' }),
      reclaimPolicy: str(),
      volumeBindingMode: str(),
    },
    ['provisioner'],
  ),
  [`${CORE}TopologySelectorTerm`]: object(
    { matchLabelExpressions: atomicList(`${CORE}TopologySelectorLabelRequirement`) },
    [],
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${CORE}TopologySelectorLabelRequirement`]: object({ key: str({ default: '' }), values: strings() }, ['key', 'values']),
};
