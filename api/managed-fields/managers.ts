// metadata.managedFields: one entry per manager, operation (Apply or Update),
// API version (Updates only) and subresource, each with the fields it owns.
// Entries are read leniently (an entry that cannot be read is dropped, as
// Kubernetes resets managed fields it cannot decode) and written sorted as
// Kubernetes sorts them: Apply before Update, then by time and manager.
import { isPlainObject } from '../json-value.js';
import { FieldSet } from './field-set.js';

export type ManagerOperation = 'Apply' | 'Update';

export const FIELDS_TYPE = 'FieldsV1';

export interface ManagerEntry {
  manager: string;
  operation: ManagerOperation;
  apiVersion: string;
  /** RFC 3339, seconds. */
  time?: string;
  /** "" for the main resource, else "status" or "scale". */
  subresource: string;
  fields: FieldSet;
}

/** Who is writing, as the entry it writes is keyed. */
export interface ManagerIdentity {
  manager: string;
  operation: ManagerOperation;
  apiVersion: string;
  subresource: string;
}

/** Appliers keep one entry across API versions; updaters have one per version. */
export function sameManager(entry: ManagerIdentity, other: ManagerIdentity): boolean {
  return (
    entry.manager === other.manager &&
    entry.operation === other.operation &&
    entry.subresource === other.subresource &&
    (entry.operation === 'Apply' || entry.apiVersion === other.apiVersion)
  );
}

function readEntry(raw: unknown): ManagerEntry | undefined {
  if (!isPlainObject(raw)) return undefined;
  const { manager, operation, apiVersion, time, subresource, fieldsType, fieldsV1 } = raw;
  if (operation !== 'Apply' && operation !== 'Update') return undefined;
  if (fieldsType !== undefined && fieldsType !== FIELDS_TYPE) return undefined;
  let fields: FieldSet;
  try {
    fields = fieldsV1 === undefined ? new FieldSet() : FieldSet.fromFieldsV1(fieldsV1);
  } catch {
    return undefined;
  }
  return {
    manager: typeof manager === 'string' ? manager : '',
    operation,
    apiVersion: typeof apiVersion === 'string' ? apiVersion : '',
    ...(typeof time === 'string' ? { time } : {}),
    subresource: typeof subresource === 'string' ? subresource : '',
    fields,
  };
}

export function readManagers(raw: unknown): ManagerEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.map(readEntry).filter((e): e is ManagerEntry => e !== undefined);
}

/** `[{}]`: how a client asks for managed fields to be cleared. */
export function isResetRequest(raw: unknown): boolean {
  return Array.isArray(raw) && raw.length === 1 && isPlainObject(raw[0]) && Object.keys(raw[0]).length === 0;
}

function byKubernetesOrder(a: ManagerEntry, b: ManagerEntry): number {
  if (a.operation !== b.operation) return a.operation < b.operation ? -1 : 1;
  const at = a.time ? Date.parse(a.time) : 0;
  const bt = b.time ? Date.parse(b.time) : 0;
  if (at !== bt) return at - bt;
  for (const key of ['manager', 'apiVersion', 'subresource'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  return 0;
}

/** The metadata.managedFields array of these entries (empty ones left out). */
export function writeManagers(entries: readonly ManagerEntry[]): Record<string, unknown>[] {
  return entries
    .filter((e) => !e.fields.isEmpty())
    .sort(byKubernetesOrder)
    .map((e) => ({
      manager: e.manager,
      operation: e.operation,
      apiVersion: e.apiVersion,
      ...(e.time ? { time: e.time } : {}),
      fieldsType: FIELDS_TYPE,
      fieldsV1: e.fields.toFieldsV1(),
      ...(e.subresource ? { subresource: e.subresource } : {}),
    }));
}
