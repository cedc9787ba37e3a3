// Safe readers over untrusted JSON. Manifests arrive as arbitrary JSON, so a
// validator must never throw on a wrong type: each reader returns something
// usable and records a field error when the shape is wrong (where Kubernetes
// would have failed to decode the body).
import type { FieldError } from '../errors.js';
import { invalidValue } from './field-errors.js';

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object, or an empty one (absent or wrong type). */
export function recordOf(value: unknown): JsonRecord {
  return isRecord(value) ? value : {};
}

export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

export function readRecord(value: unknown, field: string, errs: FieldError[]): JsonRecord | undefined {
  if (isAbsent(value)) return undefined;
  if (isRecord(value)) return value;
  errs.push(invalidValue(field, value, 'must be an object'));
  return undefined;
}

/**
 * One entry of a list of objects. Unlike an optional field, a null entry is
 * reported: it would reach every consumer of the list as a hole.
 */
export function readEntry(value: unknown, field: string, errs: FieldError[]): JsonRecord | undefined {
  if (isRecord(value)) return value;
  errs.push(invalidValue(field, value, 'must be an object'));
  return undefined;
}

export function readArray(value: unknown, field: string, errs: FieldError[]): unknown[] {
  if (isAbsent(value)) return [];
  if (Array.isArray(value)) return value;
  errs.push(invalidValue(field, value, 'must be a list'));
  return [];
}

export function readString(value: unknown, field: string, errs: FieldError[]): string {
  if (isAbsent(value)) return '';
  if (typeof value === 'string') return value;
  errs.push(invalidValue(field, value, 'must be a string'));
  return '';
}

export function readInt(value: unknown, field: string, errs: FieldError[]): number | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  errs.push(invalidValue(field, value, 'must be an integer'));
  return undefined;
}

export function readBool(value: unknown, field: string, errs: FieldError[]): boolean | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value === 'boolean') return value;
  errs.push(invalidValue(field, value, 'must be a boolean'));
  return undefined;
}

/** A map of strings (labels, annotations, nodeSelector). Non-string values are reported. */
export function readStringMap(value: unknown, field: string, errs: FieldError[]): Record<string, string> {
  if (isAbsent(value)) return {};
  if (!isRecord(value)) {
    errs.push(invalidValue(field, value, 'must be a map of strings'));
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else errs.push(invalidValue(`${field}[${k}]`, v, 'must be a string'));
  }
  return out;
}

/** Lenient readers for code that only needs a best-effort view (defaults, matching). */
export function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
