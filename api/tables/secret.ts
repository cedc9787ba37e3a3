// `kubectl get secrets`: NAME TYPE DATA AGE.
import type { Secret } from '../types/config.js';
import type { KubeObject } from '../types/meta.js';
import { timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

export const secretTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Type', priority: 0, description: 'The type of secret' },
    { name: 'Data', priority: 0, description: 'Number of items in the secret' },
    AGE_COLUMN,
  ],
  row(obj: KubeObject, now: Date): string[] {
    const secret = obj as Secret;
    return [secret.metadata.name ?? '', secret.type ?? '', String(Object.keys(secret.data ?? {}).length), timestampSince(secret.metadata.creationTimestamp, now)];
  },
};
