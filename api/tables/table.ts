// The shape of a kind's table, in the spirit of Kubernetes' server-side
// printing: column definitions plus a function that turns an object into cells.
import type { KubeObject } from '../types/meta.js';

export interface TableColumn {
  /** As Kubernetes names it (`Name`, `Up-to-date`); kubectl prints it upper-cased. */
  name: string;
  /** 0: always shown; 1: only with `-o wide`. */
  priority: 0 | 1;
  description?: string;
}

export interface TableDefinition {
  columns: TableColumn[];
  /** One cell per column, in column order, wide columns included. */
  row(obj: KubeObject, now: Date): string[];
}

export const NAME_COLUMN: TableColumn = {
  name: 'Name',
  priority: 0,
  description: 'Name must be unique within a namespace.',
};

export const AGE_COLUMN: TableColumn = {
  name: 'Age',
  priority: 0,
  description: 'The time since the object was created.',
};
