// `kubectl get namespaces`: NAME STATUS AGE.
import type { KubeObject } from '../types/meta.js';
import type { Namespace } from '../types/node.js';
import { timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

export const namespaceTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Status', priority: 0, description: 'The status of the namespace' },
    AGE_COLUMN,
  ],
  row(obj: KubeObject, now: Date): string[] {
    const ns = obj as Namespace;
    return [ns.metadata.name ?? '', ns.status?.phase ?? '', timestampSince(ns.metadata.creationTimestamp, now)];
  },
};
