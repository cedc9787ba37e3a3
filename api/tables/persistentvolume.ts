// `kubectl get pv`: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM
// STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE, and VOLUMEMODE with -o wide.
import { accessModesText } from '../storage/access-modes.js';
import { BETA_STORAGE_CLASS_ANNOTATION } from '../storage/names.js';
import type { KubeObject } from '../types/meta.js';
import type { PersistentVolume } from '../types/storage.js';
import { timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition, type TableColumn } from './table.js';

/** kubectl's cell for an optional field nobody set (volumeMode, volumeAttributesClassName). */
export const UNSET = '<unset>';
/** What kubectl prints for an object with a deletionTimestamp, instead of its phase. */
export const TERMINATING = 'Terminating';

export const STORAGE_CLASS_COLUMN: TableColumn = { name: 'StorageClass', priority: 0, description: 'StorageClass of the volume.' };
export const VOLUME_ATTRIBUTES_CLASS_COLUMN: TableColumn = {
  name: 'VolumeAttributesClass',
  priority: 0,
  description: 'VolumeAttributesClass of the volume.',
};
export const VOLUME_MODE_COLUMN: TableColumn = { name: 'VolumeMode', priority: 1, description: 'How the volume is used: a filesystem or a raw block device.' };

/** spec.storageClassName, or the beta annotation objects from before it, as kubectl's Get*Class. */
export function storageClassOf(obj: KubeObject, specClass: string | undefined): string {
  return obj.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? specClass ?? '';
}

export function phaseCell(obj: KubeObject, phase: string | undefined): string {
  return obj.metadata.deletionTimestamp ? TERMINATING : (phase ?? '');
}

export const persistentVolumeTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Capacity', priority: 0, description: 'The size of the volume.' },
    { name: 'Access Modes', priority: 0, description: 'How the volume may be mounted.' },
    { name: 'Reclaim Policy', priority: 0, description: 'What happens to the volume when its claim is released.' },
    { name: 'Status', priority: 0, description: 'The phase of the volume.' },
    { name: 'Claim', priority: 0, description: 'The claim bound to the volume.' },
    STORAGE_CLASS_COLUMN,
    VOLUME_ATTRIBUTES_CLASS_COLUMN,
    { name: 'Reason', priority: 0, description: 'Why the volume is in its phase.' },
    AGE_COLUMN,
    VOLUME_MODE_COLUMN,
  ],
  row(obj: KubeObject, now: Date): string[] {
    const pv = obj as PersistentVolume;
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
    return [
      pv.metadata.name ?? '',
      // An unset Quantity prints as its zero.
      spec.capacity?.storage ?? '0',
      accessModesText(spec.accessModes),
      spec.persistentVolumeReclaimPolicy ?? '',
      phaseCell(pv, pv.status?.phase),
      claim,
      storageClassOf(pv, spec.storageClassName),
      spec.volumeAttributesClassName ?? UNSET,
      pv.status?.reason ?? '',
      timestampSince(pv.metadata.creationTimestamp, now),
      spec.volumeMode ?? UNSET,
    ];
  },
};
