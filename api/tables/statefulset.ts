// `kubectl get statefulsets`: NAME READY AGE (+ CONTAINERS IMAGES).
import type { StatefulSet } from '../types/apps.js';
import type { KubeObject } from '../types/meta.js';
import { containerCells } from './cells.js';
import { CONTAINERS_COLUMN, IMAGES_COLUMN } from './deployment.js';
import { timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

export const statefulSetTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Ready', priority: 0, description: 'Number of the pod with ready state' },
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
  ],
  row(obj: KubeObject, now: Date): string[] {
    const sts = obj as StatefulSet;
    const { names, images } = containerCells(sts.spec?.template?.spec?.containers);
    return [
      sts.metadata.name ?? '',
      `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 0}`,
      timestampSince(sts.metadata.creationTimestamp, now),
      names,
      images,
    ];
  },
};
