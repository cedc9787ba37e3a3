// Small pieces every kind strategy uses: reaching into an object's spec and
// status for defaulting, and the status-count rules workloads share.
import type { FieldError } from '../errors.js';
import type { KubeObject } from '../types/meta.js';
import type { KindStrategy } from './kind-definition.js';
import { child, FIELD_IMMUTABLE, invalidGoValue, invalidValue, validateNonnegative } from '../validation/field-errors.js';
import { goLabelSelector } from '../validation/go-format.js';
import { validateObjectMetaUpdate } from '../validation/object-meta.js';
import { semanticEqual } from '../validation/semantic-equal.js';
import { isAbsent, isRecord, readInt, readRecord, recordOf, type JsonRecord } from '../validation/values.js';

/** The object's `field` as a record, created when absent; undefined when it holds something else. */
export function ensureRecord(obj: JsonRecord, field: string): JsonRecord | undefined {
  if (isAbsent(obj[field])) obj[field] = {};
  return isRecord(obj[field]) ? (obj[field] as JsonRecord) : undefined;
}

export function setIfAbsent(obj: JsonRecord, field: string, value: unknown): void {
  if (isAbsent(obj[field])) obj[field] = value;
}

/** Sets when absent or "", as Go defaulting treats the empty string as unset. */
export function setIfEmpty(obj: JsonRecord, field: string, value: unknown): void {
  if (isAbsent(obj[field]) || obj[field] === '') obj[field] = value;
}

export function specOf(obj: KubeObject): JsonRecord {
  return recordOf(obj.spec);
}

export function statusOf(obj: KubeObject): JsonRecord {
  return recordOf(obj.status);
}

/** Reads an optional integer field and checks it is >= 0. */
export function nonnegativeField(record: JsonRecord, name: string, path: string, errs: FieldError[]): number | undefined {
  const field = child(path, name);
  const value = readInt(record[name], field, errs);
  errs.push(...validateNonnegative(value, field));
  return value;
}

/** `status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas`, and its kin. */
export function notGreaterThan(
  status: JsonRecord,
  field: string,
  bound: string,
  message: string,
): FieldError[] {
  const value = status[field];
  const limit = status[bound];
  const v = typeof value === 'number' ? value : 0;
  const l = typeof limit === 'number' ? limit : 0;
  return v > l ? [invalidValue(`status.${field}`, v, message)] : [];
}

/** Workload status: every count non-negative, as Kubernetes' Validate*Status. */
export function validateStatusCounts(statusValue: unknown, fields: readonly string[]): { status: JsonRecord; errs: FieldError[] } {
  const errs: FieldError[] = [];
  const status = readRecord(statusValue, 'status', errs) ?? {};
  for (const f of fields) nonnegativeField(status, f, 'status', errs);
  return { status, errs };
}

export function validateCollisionCountNotDecremented(next: JsonRecord, prev: JsonRecord): FieldError[] {
  const before = typeof prev.collisionCount === 'number' ? prev.collisionCount : undefined;
  if (before === undefined) return [];
  const after = typeof next.collisionCount === 'number' ? next.collisionCount : 0;
  return after < before ? [invalidValue('status.collisionCount', after, 'cannot be decremented')] : [];
}

/** apps/v1 selectors never change after creation. */
export function validateSelectorImmutable(next: KubeObject, prev: KubeObject): FieldError[] {
  const after = specOf(next).selector;
  const before = specOf(prev).selector;
  if (semanticEqual(after, before)) return [];
  return [invalidGoValue('spec.selector', goLabelSelector(after), FIELD_IMMUTABLE)];
}

/** An update of a kind without spec rules of its own: metadata's update rules, then every check a create makes. */
export function revalidateOnUpdate(validate: (obj: KubeObject) => FieldError[]): (obj: KubeObject, old: KubeObject) => FieldError[] {
  return (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validate(obj)];
}

/** A status write of a kind whose status has no rules: only metadata's update rules apply. */
export function metadataOnlyStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return validateObjectMetaUpdate(obj.metadata, old.metadata);
}

/**
 * The strategy of a kind without spec or status (Endpoints, ServiceAccount,
 * roles): nothing for metadata.generation to count, updates checked as creates,
 * status writes limited to metadata. Kubernetes defaults nothing on most of them.
 */
export function specLessStrategy(validate: (obj: KubeObject) => FieldError[], applyDefaults: (obj: KubeObject) => void = () => undefined): KindStrategy {
  return {
    resetStatusOnCreate: false,
    tracksGeneration: false,
    applyDefaults,
    validate,
    validateUpdate: revalidateOnUpdate(validate),
    validateStatusUpdate: metadataOnlyStatusUpdate,
  };
}
