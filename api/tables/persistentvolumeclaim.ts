// `kubectl get pvc`: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS
// VOLUMEATTRIBUTESCLASS AGE, and VOLUMEMODE with -o wide. Capacity and modes
// are the bound volume's, so they stay empty until the claim has one.
import { accessModesText } from '../storage/access-modes.js';
import type { KubeObject } from '../types/meta.js';
import type { PersistentVolumeClaim } from '../types/storage.js';
import { timestampSince } from './duration.js';
import { phaseCell, STORAGE_CLASS_COLUMN, storageClassOf, UNSET, VOLUME_ATTRIBUTES_CLASS_COLUMN, VOLUME_MODE_COLUMN } from './persistentvolume.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

export const persistentVolumeClaimTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Status', priority: 0, description: 'The phase of the claim.' },
    { name: 'Volume', priority: 0, description: 'The volume bound to the claim.' },
    { name: 'Capacity', priority: 0, description: 'The size of the bound volume.' },
    { name: 'Access Modes', priority: 0, description: 'How the bound volume may be mounted.' },
    STORAGE_CLASS_COLUMN,
    VOLUME_ATTRIBUTES_CLASS_COLUMN,
    AGE_COLUMN,
    VOLUME_MODE_COLUMN,
  ],
  row(obj: KubeObject, now: Date): string[] {
    const pvc = obj as PersistentVolumeClaim;
    const spec = pvc.spec ?? {};
    const bound = Boolean(spec.volumeName);
    return [
      pvc.metadata.name ?? '',
      phaseCell(pvc, pvc.status?.phase),
      spec.volumeName ?? '',
      bound ? (pvc.status?.capacity?.storage ?? '0') : '',
      bound ? accessModesText(pvc.status?.accessModes) : '',
      storageClassOf(pvc, spec.storageClassName),
      spec.volumeAttributesClassName ?? UNSET,
      timestampSince(pvc.metadata.creationTimestamp, now),
      spec.volumeMode ?? UNSET,
    ];
  },
};
