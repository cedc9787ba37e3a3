// `kubectl get sc`: NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE
// ALLOWVOLUMEEXPANSION AGE, with "(default)" after the default class's name.
import { isDefaultStorageClass } from '../storage/default-class.js';
import type { KubeObject } from '../types/meta.js';
import type { StorageClass } from '../types/storage.js';
import { timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

const DEFAULT_MARK = ' (default)';

export const storageClassTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Provisioner', priority: 0, description: 'Indicates the type of the provisioner.' },
    { name: 'ReclaimPolicy', priority: 0, description: 'Indicates the type of the reclaim policy.' },
    { name: 'VolumeBindingMode', priority: 0, description: 'Indicates when volume binding and dynamic provisioning should occur.' },
    { name: 'AllowVolumeExpansion', priority: 0, description: 'Indicates whether the storage class allow volume expand.' },
    AGE_COLUMN,
  ],
  row(obj: KubeObject, now: Date): string[] {
    const sc = obj as StorageClass;
    return [
      `${sc.metadata.name ?? ''}${isDefaultStorageClass(sc) ? DEFAULT_MARK : ''}`,
      sc.provisioner ?? '',
      // kubectl shows the defaults the server would apply to an object stored before them.
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      String(sc.allowVolumeExpansion ?? false),
      timestampSince(sc.metadata.creationTimestamp, now),
    ];
  },
};
