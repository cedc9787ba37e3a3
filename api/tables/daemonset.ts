// `kubectl get daemonsets`: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE
// NODE SELECTOR AGE (+ CONTAINERS IMAGES SELECTOR).
import type { DaemonSet } from '../types/apps.js';
import type { KubeObject } from '../types/meta.js';
import { containerCells, count, formatLabels } from './cells.js';
import { CONTAINERS_COLUMN, IMAGES_COLUMN, SELECTOR_COLUMN } from './deployment.js';
import { timestampSince } from './duration.js';
import { formatLabelSelector } from '../labels/label-selector.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

export const daemonSetTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Desired', priority: 0, description: 'The total number of nodes that should be running the daemon pod.' },
    { name: 'Current', priority: 0, description: 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.' },
    { name: 'Ready', priority: 0, description: 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.' },
    { name: 'Up-to-date', priority: 0, description: 'The total number of nodes that are running updated daemon pod.' },
    { name: 'Available', priority: 0, description: 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.' },
    { name: 'Node Selector', priority: 0, description: 'The node selector of the pod template.' },
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  row(obj: KubeObject, now: Date): string[] {
    const ds = obj as DaemonSet;
    const status = ds.status;
    const { names, images } = containerCells(ds.spec?.template?.spec?.containers);
    return [
      ds.metadata.name ?? '',
      count(status?.desiredNumberScheduled),
      count(status?.currentNumberScheduled),
      count(status?.numberReady),
      count(status?.updatedNumberScheduled),
      count(status?.numberAvailable),
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      timestampSince(ds.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(ds.spec?.selector),
    ];
  },
};
