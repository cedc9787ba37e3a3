// `kubectl get resourcequotas`: NAME AGE REQUEST LIMIT, each cell listing
// `resource: used/hard` over status.hard in name order, `limits.*` in LIMIT and
// everything else in REQUEST; `kubectl get limitranges`: NAME CREATED AT.
import type { KubeObject } from '../types/meta.js';
import type { ResourceQuota } from '../types/quota.js';
import { timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

const LIMITS_PREFIX = 'limits.';

function quotaCells(quota: ResourceQuota): { request: string; limit: string } {
  const hard = quota.status?.hard ?? {};
  const used = quota.status?.used ?? {};
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const cell = `${name}: ${used[name] ?? '0'}/${hard[name]}`;
    (name.startsWith(LIMITS_PREFIX) ? limit : request).push(cell);
  }
  return { request: request.join(', '), limit: limit.join(', ') };
}

export const resourceQuotaTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    AGE_COLUMN,
    { name: 'Request', priority: 0, description: 'Request represents a minimum amount of cpu/memory that a container may consume.' },
    { name: 'Limit', priority: 0, description: 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.' },
  ],
  row(obj: KubeObject, now: Date): string[] {
    const quota = obj as ResourceQuota;
    const { request, limit } = quotaCells(quota);
    return [quota.metadata.name ?? '', timestampSince(quota.metadata.creationTimestamp, now), request, limit];
  },
};

export const limitRangeTable: TableDefinition = {
  columns: [NAME_COLUMN, { name: 'Created At', priority: 0, description: 'Time when the limit range was created.' }],
  row(obj: KubeObject): string[] {
    return [obj.metadata.name ?? '', obj.metadata.creationTimestamp ?? ''];
  },
};
