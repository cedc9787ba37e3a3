// `kubectl get pdb`: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE.
import type { PodDisruptionBudget } from '../types/policy.js';
import type { KubeObject } from '../types/meta.js';
import { timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

/** kubectl prints an unset bound as N/A. */
const NOT_SET = 'N/A';

function bound(value: number | string | undefined): string {
  return value === undefined || value === null ? NOT_SET : String(value);
}

export const podDisruptionBudgetTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Min Available', priority: 0, description: 'The minimum number of pods that must be available.' },
    { name: 'Max Unavailable', priority: 0, description: 'The maximum number of pods that may be unavailable.' },
    { name: 'Allowed Disruptions', priority: 0, description: 'Calculated number of pods that may be disrupted at this time.' },
    AGE_COLUMN,
  ],
  row(obj: KubeObject, now: Date): string[] {
    const pdb = obj as PodDisruptionBudget;
    return [
      pdb.metadata.name ?? '',
      bound(pdb.spec?.minAvailable),
      bound(pdb.spec?.maxUnavailable),
      String(pdb.status?.disruptionsAllowed ?? 0),
      timestampSince(pdb.metadata.creationTimestamp, now),
    ];
  },
};
