// Constructors for FieldError, mirroring Kubernetes' field.Required/Invalid/...
// and the dotted paths with indices that field.Path renders.
import type { FieldError } from '../errors.js';

export function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** Map entries render as `limits[cpu]`, as Kubernetes' Path.Key does. */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

export function required(field: string, detail?: string): FieldError {
  return detail ? { field, type: 'Required', detail } : { field, type: 'Required' };
}

export function invalidValue(field: string, value: unknown, detail?: string): FieldError {
  return detail ? { field, type: 'Invalid', value, detail } : { field, type: 'Invalid', value };
}

/**
 * An Invalid error whose value Kubernetes prints in Go syntax
 * (`map[string]string{"app":"x"}`, `v1.LabelSelector{...}`). The value is
 * pre-rendered into the detail so formatFieldError prints it unquoted.
 */
export function invalidGoValue(field: string, goValue: string, detail: string): FieldError {
  return { field, type: 'Invalid', detail: `${goValue}: ${detail}` };
}

export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  const list = supported.map((s) => JSON.stringify(s)).join(', ');
  return { field, type: 'NotSupported', value, detail: `supported values: ${list}` };
}

export function duplicate(field: string, value: unknown, detail?: string): FieldError {
  return detail ? { field, type: 'Duplicate', value, detail } : { field, type: 'Duplicate', value };
}

export function notFound(field: string, value: unknown): FieldError {
  return { field, type: 'NotFound', value };
}

export function forbidden(field: string, detail: string): FieldError {
  return { field, type: 'Forbidden', detail };
}

export function tooLong(field: string, maxBytes: number): FieldError {
  return { field, type: 'TooLong', detail: `must have at most ${maxBytes} bytes` };
}

/** Kubernetes' ValidateNonnegativeField. */
export function validateNonnegative(value: number | undefined, field: string): FieldError[] {
  if (value === undefined || value >= 0) return [];
  return [invalidValue(field, value, 'must be greater than or equal to 0')];
}

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

export const FIELD_IMMUTABLE = 'field is immutable';

/** Kubernetes' field.TooMany: `Too many: 101: must have at most 100 items`. */
export function tooMany(field: string, actual: number, max: number): FieldError {
  return { field, type: 'TooMany', detail: `${actual}: must have at most ${max} items` };
}
