// -o yaml / -o json, as kubectl prints objects: keys sorted at every level,
// JSON indented by four spaces, YAML with sequences flush under their key and
// strings quoted wherever a YAML 1.1 reader would take them for something else.
import { stringify } from 'yaml';
import type { KubeObject } from '../api/types/meta.js';
import { CliError } from './cli-error.js';

export type OutputFormat = 'table' | 'wide' | 'yaml' | 'json' | 'name';

const FORMATS: readonly string[] = ['json', 'name', 'wide', 'yaml'];

export function parseOutputFormat(value: string | undefined, allowed: readonly string[] = FORMATS): OutputFormat {
  if (value === undefined || value === '') return 'table';
  if (!allowed.includes(value)) {
    throw new CliError(
      `unable to match a printer suitable for the output format "${value}", allowed formats are: ${[...allowed].sort().join(',')}`,
    );
  }
  return value as OutputFormat;
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return sorted;
  }
  return value;
}

export function toYaml(value: unknown): string {
  return stringify(sortKeys(value), { indentSeq: false, version: '1.1', lineWidth: 0 });
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 4)}\n`;
}

/** Several objects as kubectl prints them: a v1 List. */
export function asList(items: readonly KubeObject[]): KubeObject {
  return { apiVersion: 'v1', items: [...items], kind: 'List', metadata: { resourceVersion: '' } };
}

/** One object alone, or a List when there are several or the request was for a collection. */
export function formatObjects(items: readonly KubeObject[], format: 'yaml' | 'json', single: boolean): string {
  const value = single && items.length === 1 ? items[0] : asList(items);
  return format === 'yaml' ? toYaml(value) : toJson(value);
}
