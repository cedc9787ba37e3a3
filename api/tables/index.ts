// The table for each served kind, as `kubectl get` prints it. Kinds without a
// table of their own get NAME and AGE, as Kubernetes' default table.
import type { KubeObject } from '../types/meta.js';
import { timestampSince } from './duration.js';
import { daemonSetTable } from './daemonset.js';
import { deploymentTable } from './deployment.js';
import { eventTable } from './event.js';
import { leaseTable } from './lease.js';
import { namespaceTable } from './namespace.js';
import { nodeTable } from './node.js';
import { podTable } from './pod.js';
import { replicaSetTable } from './replicaset.js';
import { statefulSetTable } from './statefulset.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

export type { TableColumn, TableDefinition } from './table.js';
export { humanDuration, timestampSince } from './duration.js';

const TABLES: Record<string, TableDefinition> = {
  Pod: podTable,
  Deployment: deploymentTable,
  ReplicaSet: replicaSetTable,
  DaemonSet: daemonSetTable,
  StatefulSet: statefulSetTable,
  Node: nodeTable,
  Namespace: namespaceTable,
  Event: eventTable,
  Lease: leaseTable,
};

export const defaultTable: TableDefinition = {
  columns: [NAME_COLUMN, AGE_COLUMN],
  row(obj: KubeObject, now: Date): string[] {
    return [obj.metadata.name ?? '', timestampSince(obj.metadata.creationTimestamp, now)];
  },
};

export function tableFor(kind: string): TableDefinition {
  return TABLES[kind] ?? defaultTable;
}
