// kubectl describe for namespaces and for kinds without a describer of their
// own: metadata, then every other field, nested, with camelCase keys spelled
// out (`holderIdentity` -> `Holder Identity`) as kubectl's generic describer does.
import type { KubeObject } from '../../api/types/meta.js';
import type { Event, Namespace } from '../../api/types/node.js';
import { DescribeWriter, writeAnnotations, writeEvents, writeLabels } from './describe-writer.js';

const ACRONYMS: Record<string, string> = { Api: 'API', Id: 'ID', Ip: 'IP', Ips: 'IPs', Uid: 'UID', Url: 'URL', Cidr: 'CIDR', Tcp: 'TCP', Http: 'HTTP' };
const SKIPPED_TOP_LEVEL = new Set(['apiVersion', 'kind', 'metadata']);

/** `leaseDurationSeconds` -> `Lease Duration Seconds`, `apiVersion` -> `API Version`. */
export function smartLabel(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1));
  return words.map((word) => ACRONYMS[word] ?? word).join(' ');
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

function writeValue(w: DescribeWriter, level: number, label: string, value: unknown): void {
  if (isScalar(value)) {
    w.line(level, `${label}:\t${value === null ? '<nil>' : String(value)}`);
    return;
  }
  if (Array.isArray(value)) {
    w.line(level, `${label}:`);
    for (const item of value) {
      if (isScalar(item)) {
        w.line(level + 1, String(item));
      } else {
        writeFields(w, level + 1, item as Record<string, unknown>);
      }
    }
    return;
  }
  w.line(level, `${label}:`);
  writeFields(w, level + 1, value as Record<string, unknown>);
}

function writeFields(w: DescribeWriter, level: number, obj: Record<string, unknown>): void {
  for (const key of Object.keys(obj).sort()) writeValue(w, level, smartLabel(key), obj[key]);
}

export function describeGeneric(obj: KubeObject, events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  w.line(0, `Name:\t${obj.metadata.name ?? ''}`);
  if (obj.metadata.namespace) w.line(0, `Namespace:\t${obj.metadata.namespace}`);
  writeLabels(w, 'Labels', obj.metadata.labels);
  writeAnnotations(w, 'Annotations', obj.metadata.annotations);
  w.line(0, `API Version:\t${obj.apiVersion}`);
  w.line(0, `Kind:\t${obj.kind}`);
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) if (!SKIPPED_TOP_LEVEL.has(key)) rest[key] = value;
  writeFields(w, 0, rest);
  writeEvents(w, events, now);
  return w.toString();
}

export function describeNamespace(ns: Namespace): string {
  const w = new DescribeWriter();
  w.line(0, `Name:\t${ns.metadata.name ?? ''}`);
  writeLabels(w, 'Labels', ns.metadata.labels);
  writeAnnotations(w, 'Annotations', ns.metadata.annotations);
  w.line(0, `Status:\t${ns.status?.phase ?? ''}`);
  w.line(0, '');
  w.line(0, 'No resource quota.');
  w.line(0, '');
  w.line(0, 'No LimitRange resource.');
  return w.toString();
}
