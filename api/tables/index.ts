// The tables `kubectl get` prints. Each kind's columns belong to its definition
// (api/kinds/); this finds them by kind name for printers that meet objects of
// any kind, and falls back to Kubernetes' default NAME and AGE.
import { kindNamed } from '../kinds/registry.js';
import { defaultTable } from './default-table.js';
import type { TableDefinition } from './table.js';

export type { TableColumn, TableDefinition } from './table.js';
export { humanDuration, timestampSince } from './duration.js';
export { defaultTable } from './default-table.js';

export function tableFor(kind: string): TableDefinition {
  return kindNamed(kind)?.table ?? defaultTable;
}
