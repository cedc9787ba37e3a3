// The bound Kubernetes puts on Update entries: many one-off updaters (kubectl
// label, annotate, edit, scripts) would otherwise each add an entry to every
// object they touch, forever.
import type { ManagerEntry } from './managers.js';

/** Kubernetes' DefaultMaxUpdateManagers: past it, the oldest updaters fold into one entry per API version. */
export const MAX_UPDATE_MANAGERS = 10;
export const ANCIENT_CHANGES_MANAGER = 'ancient-changes';

function timeOf(entry: ManagerEntry): number {
  return entry.time ? Date.parse(entry.time) : 0;
}

/** The entries with the oldest updaters folded into `ancient-changes`, one per API version, until at most ten remain. */
export function capUpdaters(entries: ManagerEntry[]): ManagerEntry[] {
  const isBucket = (e: ManagerEntry, apiVersion: string): boolean =>
    e.manager === ANCIENT_CHANGES_MANAGER && e.operation === 'Update' && e.subresource === '' && e.apiVersion === apiVersion;
  let out = [...entries];
  const oldestFirst = out.filter((e) => e.operation === 'Update').sort((a, b) => timeOf(a) - timeOf(b));
  let updaters = oldestFirst.length;
  for (const entry of oldestFirst) {
    if (updaters <= MAX_UPDATE_MANAGERS) break;
    const bucket = out.find((e) => e !== entry && isBucket(e, entry.apiVersion));
    if (bucket) {
      out = out.filter((e) => e !== entry).map((e) => (e === bucket ? mergedInto(bucket, entry) : e));
      updaters--;
    } else if (!isBucket(entry, entry.apiVersion)) {
      // The oldest of its version becomes the bucket the next ones fold into.
      out = out.map((e) => (e === entry ? { ...entry, manager: ANCIENT_CHANGES_MANAGER, subresource: '' } : e));
    }
  }
  return out;
}

function mergedInto(bucket: ManagerEntry, entry: ManagerEntry): ManagerEntry {
  return { ...bucket, fields: bucket.fields.union(entry.fields), time: timeOf(entry) > timeOf(bucket) ? entry.time : bucket.time };
}
