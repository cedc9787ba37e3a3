// Server-side printing: objects as a meta.k8s.io Table built from the kind's
// own columns, so `kubectl get` prints what it prints against Kubernetes.
// Kubernetes types every built-in column it prints as text (Age included,
// already rendered as `5m`); Name alone carries the `name` format.
import { badRequest } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeObject, ListMeta } from '../../api/types/index.js';
import { META_GROUP, type TableVersion } from './media-types.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';
const INCLUDE_OBJECT_VALUES: readonly IncludeObject[] = ['None', 'Metadata', 'Object'];

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface TableRow {
  cells: string[];
  object?: unknown;
}

export interface Table {
  apiVersion: string;
  kind: 'Table';
  metadata: ListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export interface TableOptions {
  version: TableVersion;
  includeObject: IncludeObject;
  /** Leave out the column definitions (every watch event after the first). */
  noHeaders: boolean;
}

/** The column that holds the object's name; Kubernetes marks it with the `name` format. */
const NAME_COLUMN = 'Name';

export function includeObjectOf(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject');
  if (value === null || value === '') return 'Metadata';
  const known = INCLUDE_OBJECT_VALUES.find((v) => v === value);
  if (!known) throw badRequest(`includeObject: Unsupported value: ${JSON.stringify(value)}: supported values: "None", "Metadata", "Object"`);
  return known;
}

export function columnDefinitions(info: ResourceInfo): TableColumnDefinition[] {
  return info.table.columns.map((column) => ({
    name: column.name,
    type: 'string',
    format: column.name === NAME_COLUMN ? 'name' : '',
    description: column.description ?? '',
    priority: column.priority,
  }));
}

function rowObject(obj: KubeObject, options: TableOptions): unknown {
  switch (options.includeObject) {
    case 'None':
      return undefined;
    case 'Object':
      return obj;
    default:
      return { apiVersion: `${META_GROUP}/${options.version}`, kind: 'PartialObjectMetadata', metadata: obj.metadata };
  }
}

export function tableRow(info: ResourceInfo, obj: KubeObject, options: TableOptions, now: Date): TableRow {
  const row: TableRow = { cells: info.table.row(obj, now) };
  const object = rowObject(obj, options);
  if (object !== undefined) row.object = object;
  return row;
}

export function toTable(info: ResourceInfo, objects: readonly KubeObject[], resourceVersion: string | undefined, options: TableOptions, now = new Date()): Table {
  return {
    apiVersion: `${META_GROUP}/${options.version}`,
    kind: 'Table',
    metadata: resourceVersion ? { resourceVersion } : {},
    columnDefinitions: options.noHeaders ? [] : columnDefinitions(info),
    rows: objects.map((obj) => tableRow(info, obj, options, now)),
  };
}
