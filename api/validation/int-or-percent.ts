// IntOrString fields that hold a count or a percentage (maxSurge, maxUnavailable).
import type { FieldError } from '../errors.js';
import { invalidValue, validateNonnegative } from './field-errors.js';
import { percentErrors } from './names.js';

const PERCENT_CEILING = 100;

/** The number in an int or "NN%" value; undefined when it is neither. */
export function intOrPercentValue(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && percentErrors(value).length === 0) return Number.parseInt(value.slice(0, -1), 10);
  return undefined;
}

export function validatePositiveIntOrPercent(value: unknown, field: string): FieldError[] {
  if (typeof value === 'string') return percentErrors(value).map((msg) => invalidValue(field, value, msg));
  if (typeof value === 'number' && Number.isInteger(value)) return validateNonnegative(value, field);
  return [invalidValue(field, value, "must be an integer or percentage (e.g '5%')")];
}

export function validateNotMoreThan100Percent(value: unknown, field: string): FieldError[] {
  if (typeof value !== 'string' || percentErrors(value).length > 0) return [];
  const percent = Number.parseInt(value.slice(0, -1), 10);
  return percent > PERCENT_CEILING ? [invalidValue(field, value, 'must not be greater than 100%')] : [];
}
