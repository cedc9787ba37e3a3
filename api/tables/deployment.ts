// `kubectl get deployments`: NAME READY UP-TO-DATE AVAILABLE AGE (+ CONTAINERS IMAGES SELECTOR).
import type { Deployment } from '../types/apps.js';
import type { KubeObject } from '../types/meta.js';
import { containerCells, count } from './cells.js';
import { timestampSince } from './duration.js';
import { formatLabelSelector } from '../labels/label-selector.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn, type TableDefinition } from './table.js';

/** The wide columns every pod-template workload shares. */
export const CONTAINERS_COLUMN: TableColumn = { name: 'Containers', priority: 1, description: 'Names of each container in the template.' };
export const IMAGES_COLUMN: TableColumn = { name: 'Images', priority: 1, description: 'Images referenced by each container in the template.' };
export const SELECTOR_COLUMN: TableColumn = { name: 'Selector', priority: 1, description: 'Label selector for pods.' };

export const deploymentTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Ready', priority: 0, description: 'Number of the pod with ready state' },
    { name: 'Up-to-date', priority: 0, description: 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.' },
    { name: 'Available', priority: 0, description: 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.' },
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  row(obj: KubeObject, now: Date): string[] {
    const d = obj as Deployment;
    const status = d.status ?? {};
    const { names, images } = containerCells(d.spec?.template?.spec?.containers);
    return [
      d.metadata.name ?? '',
      `${status.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      count(status.updatedReplicas),
      count(status.availableReplicas),
      timestampSince(d.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(d.spec?.selector),
    ];
  },
};
