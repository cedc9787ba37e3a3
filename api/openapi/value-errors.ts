// The shape and range problems of an object, found by walking it along its
// kind's schema: what Kubernetes' typed decoding refuses before any per-kind
// validation runs (a string where an int32 belongs, 2147483648 in an int32).
// Done once here from the published schemas, so every field of every kind is
// covered without a per-kind rule, and a new kind is covered by its schema.
import type { FieldError } from '../errors.js';
import { dereference } from './refs.js';
import type { ComponentTable, OpenApiSchema } from './schema.js';

export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;
/**
 * int64's bounds as printed. A double cannot hold 2^63 - 1, so the checks
 * compare against 2^63 itself (the first value that is out of range).
 */
export const INT64_MIN_TEXT = '-9223372036854775808';
export const INT64_MAX_TEXT = '9223372036854775807';
const INT64_LIMIT = 2 ** 63;

/** Stops a pathological value from producing an error list larger than the object. */
export const MAX_VALUE_ERRORS = 100;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childPath(path: string, member: string): string {
  return path ? `${path}.${member}` : member;
}

function invalid(field: string, value: unknown, detail: string): FieldError {
  return { field, type: 'Invalid', value, detail };
}

/** An integer of `format`, or the error Kubernetes gives for it. */
function integerError(value: unknown, format: string | undefined, field: string): FieldError | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return invalid(field, value, 'must be an integer');
  if (format === 'int32') {
    if (value > INT32_MAX) return invalid(field, value, `must be less than or equal to ${INT32_MAX}`);
    if (value < INT32_MIN) return invalid(field, value, `must be greater than or equal to ${INT32_MIN}`);
  } else {
    if (value >= INT64_LIMIT) return invalid(field, value, `must be less than or equal to ${INT64_MAX_TEXT}`);
    if (value < -INT64_LIMIT) return invalid(field, value, `must be greater than or equal to ${INT64_MIN_TEXT}`);
  }
  return undefined;
}

/** The error for a value that does not have the schema's own type (not its members). */
function typeError(value: unknown, s: OpenApiSchema, field: string): FieldError | undefined {
  if (s['x-kubernetes-int-or-string']) {
    if (typeof value === 'string') return undefined;
    // IntOrString holds an int32; a Quantity also takes a plain (fractional) number.
    if (s.format === 'int-or-string') return integerError(value, 'int32', field);
    return typeof value === 'number' ? undefined : invalid(field, value, 'must be a string or a number');
  }
  switch (s.type) {
    case 'integer':
      return integerError(value, s.format, field);
    case 'number':
      return typeof value === 'number' ? undefined : invalid(field, value, 'must be a number');
    case 'string':
      return typeof value === 'string' ? undefined : invalid(field, value, 'must be a string');
    case 'boolean':
      return typeof value === 'boolean' ? undefined : invalid(field, value, 'must be a boolean');
    case 'array':
      return Array.isArray(value) ? undefined : invalid(field, value, 'must be a list');
    case 'object':
      return isObject(value) ? undefined : invalid(field, value, 'must be an object');
    default:
      return undefined;
  }
}

/**
 * Every field of `value` whose type or integer range disagrees with `schema`,
 * as field errors with Kubernetes' paths (`spec.template.spec.containers[0].ports[0].containerPort`)
 * and wording (`must be less than or equal to 2147483647`). null is absence, as
 * Go's decoder reads it; members the schema does not declare are not checked.
 */
export function schemaValueErrors(value: unknown, schema: OpenApiSchema, components: ComponentTable, path = ''): FieldError[] {
  const found: FieldError[] = [];
  // Iterative, so the walk's own depth never depends on what a client sent.
  const pending: { value: unknown; schema: OpenApiSchema; path: string }[] = [{ value, schema, path }];
  while (pending.length > 0 && found.length < MAX_VALUE_ERRORS) {
    const next = pending.pop() as (typeof pending)[number];
    if (next.value === null || next.value === undefined) continue;
    const s = dereference(next.schema, components);
    const error = typeError(next.value, s, next.path);
    if (error) {
      found.push(error);
      continue;
    }
    if (s['x-kubernetes-preserve-unknown-fields']) continue;
    if (Array.isArray(next.value)) {
      const items = s.items;
      if (!items) continue;
      for (let i = next.value.length - 1; i >= 0; i--) pending.push({ value: next.value[i], schema: items, path: `${next.path}[${i}]` });
      continue;
    }
    if (!isObject(next.value)) continue;
    const members = Object.entries(next.value).reverse();
    for (const [member, child] of members) {
      const declared = s.properties && Object.prototype.hasOwnProperty.call(s.properties, member) ? s.properties[member] : undefined;
      if (declared) pending.push({ value: child, schema: declared, path: childPath(next.path, member) });
      else if (s.additionalProperties) pending.push({ value: child, schema: s.additionalProperties, path: `${next.path}[${member}]` });
    }
  }
  return found;
}
