// `kubectl get replicasets`: NAME DESIRED CURRENT READY AGE (+ CONTAINERS IMAGES SELECTOR).
import type { ReplicaSet } from '../types/apps.js';
import type { KubeObject } from '../types/meta.js';
import { containerCells, count } from './cells.js';
import { CONTAINERS_COLUMN, IMAGES_COLUMN, SELECTOR_COLUMN } from './deployment.js';
import { timestampSince } from './duration.js';
import { formatLabelSelector } from '../labels/label-selector.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

export const replicaSetTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Desired', priority: 0, description: 'Replicas is the number of desired replicas.' },
    { name: 'Current', priority: 0, description: 'Replicas is the most recently observed number of replicas.' },
    { name: 'Ready', priority: 0, description: 'The number of ready replicas for this replica set.' },
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  row(obj: KubeObject, now: Date): string[] {
    const rs = obj as ReplicaSet;
    const { names, images } = containerCells(rs.spec?.template?.spec?.containers);
    return [
      rs.metadata.name ?? '',
      count(rs.spec?.replicas),
      count(rs.status?.replicas),
      count(rs.status?.readyReplicas),
      timestampSince(rs.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};
