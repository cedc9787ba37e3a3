// `kubectl get leases`: NAME HOLDER AGE.
import type { KubeObject } from '../types/meta.js';
import type { Lease } from '../types/node.js';
import { timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

export const leaseTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Holder', priority: 0, description: 'The holder of the lease.' },
    AGE_COLUMN,
  ],
  row(obj: KubeObject, now: Date): string[] {
    const lease = obj as Lease;
    return [lease.metadata.name ?? '', lease.spec?.holderIdentity ?? '', timestampSince(lease.metadata.creationTimestamp, now)];
  },
};
