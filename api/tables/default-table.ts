// Kubernetes' default table for kinds without columns of their own: NAME and AGE.
import type { KubeObject } from '../types/meta.js';
import { timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

export const defaultTable: TableDefinition = {
  columns: [NAME_COLUMN, AGE_COLUMN],
  row(obj: KubeObject, now: Date): string[] {
    return [obj.metadata.name ?? '', timestampSince(obj.metadata.creationTimestamp, now)];
  },
};
