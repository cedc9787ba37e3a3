// kubectl's human-readable output: one table per kind, columns from
// api/tables, optional NAMESPACE and LABELS columns, `kind/name` names when
// several kinds are printed together.
import type { ResourceInfo } from '../api/resources.js';
import { formatLabels } from '../api/tables/cells.js';
import type { KubeObject } from '../api/types/meta.js';
import { kindPrefix } from './resource-args.js';
import { alignTabs, TABLE_LAYOUT } from './tabwriter.js';

export interface TableOptions {
  wide: boolean;
  noHeaders: boolean;
  /** Adds a NAMESPACE column first (`-A`). */
  withNamespace: boolean;
  showLabels: boolean;
  /** Prints names as `kind/name`. */
  withKind: boolean;
  /** Extra columns with these labels' values (`-L`). */
  labelColumns: string[];
  now: Date;
}

export const DEFAULT_TABLE_OPTIONS: TableOptions = {
  wide: false,
  noHeaders: false,
  withNamespace: false,
  showLabels: false,
  withKind: false,
  labelColumns: [],
  now: new Date(),
};

/** Cells can't hold tabs or line breaks; kubectl shows only up to the first line break. */
function cleanCell(cell: string): string {
  const firstLine = cell.split(/[\n\r\f]/)[0];
  return firstLine.replace(/\t/g, ' ');
}

function labelColumnHeader(key: string): string {
  const slash = key.lastIndexOf('/');
  return (slash >= 0 ? key.slice(slash + 1) : key).toUpperCase();
}

export function tableHeader(info: ResourceInfo, opts: TableOptions): string[] {
  const columns = info.table.columns.filter((c) => opts.wide || c.priority === 0);
  const header = columns.map((c) => c.name.toUpperCase());
  if (opts.withNamespace && info.namespaced) header.unshift('NAMESPACE');
  header.push(...opts.labelColumns.map(labelColumnHeader));
  if (opts.showLabels) header.push('LABELS');
  return header;
}

export function tableRow(info: ResourceInfo, obj: KubeObject, opts: TableOptions): string[] {
  const table = info.table;
  const all = table.row(obj, opts.now);
  const cells = all.filter((_, i) => opts.wide || table.columns[i]?.priority === 0);
  const nameIndex = table.columns.findIndex((c) => c.name === 'Name');
  if (opts.withKind && nameIndex >= 0 && nameIndex < cells.length && table.columns[nameIndex].priority === 0) {
    cells[nameIndex] = `${kindPrefix(info)}/${cells[nameIndex]}`;
  }
  if (opts.withNamespace && info.namespaced) cells.unshift(obj.metadata.namespace ?? '');
  for (const key of opts.labelColumns) cells.push(obj.metadata.labels?.[key] ?? '');
  if (opts.showLabels) cells.push(formatLabels(obj.metadata.labels));
  return cells.map(cleanCell);
}

/** Unaligned tab-separated lines, header first unless suppressed. */
export function tableLines(info: ResourceInfo, objects: readonly KubeObject[], opts: TableOptions): string[] {
  const lines: string[] = [];
  if (!opts.noHeaders) lines.push(tableHeader(info, opts).join('\t'));
  for (const obj of objects) lines.push(tableRow(info, obj, opts).join('\t'));
  return lines;
}

export function renderTable(info: ResourceInfo, objects: readonly KubeObject[], opts: TableOptions): string {
  const lines = tableLines(info, objects, opts);
  if (lines.length === 0) return '';
  return alignTabs(`${lines.join('\n')}\n`, TABLE_LAYOUT);
}

/**
 * Column widths of a table whose rows all have the same cells, as the
 * tabwriter sets them; watch output pads later rows to these so rows printed
 * one at a time stay under their headers.
 */
export function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const widths: number[] = [];
  for (const cells of rows) {
    for (let i = 0; i < cells.length - 1; i++) {
      widths[i] = Math.max(widths[i] ?? TABLE_LAYOUT.minWidth, [...cells[i]].length + TABLE_LAYOUT.padding);
    }
  }
  return widths;
}

export function renderRowWithWidths(cells: readonly string[], widths: readonly number[]): string {
  const parts = cells.map((cell, i) => {
    if (i === cells.length - 1) return cell;
    const width = Math.max(widths[i] ?? 0, [...cell].length + TABLE_LAYOUT.padding, TABLE_LAYOUT.minWidth);
    return cell + ' '.repeat(width - [...cell].length);
  });
  return `${parts.join('')}\n`;
}
