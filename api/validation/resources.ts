// Container resources: names, quantities, and requests against limits, as
// Kubernetes' validateResourceRequirements does.
import type { FieldError } from '../errors.js';
import { compareQuantities, cpuToMillis, isValidQuantity, QUANTITY_FORMAT_MESSAGE } from '../quantity.js';
import { child, invalidValue, key, required } from './field-errors.js';
import { qualifiedNameErrors } from './names.js';
import { readRecord } from './values.js';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const HUGEPAGES_PREFIX = 'hugepages-';
const NATIVE_DOMAIN = 'kubernetes.io';
const MILLIS_PER_UNIT = 1000;

function isHugePages(name: string): boolean {
  return name.startsWith(HUGEPAGES_PREFIX);
}

/** Extended resources (`example.com/gpu`) are counted in whole units and never overcommitted. */
function isExtended(name: string): boolean {
  if (!name.includes('/')) return false;
  const domain = name.slice(0, name.indexOf('/'));
  return domain !== NATIVE_DOMAIN && !domain.endsWith(`.${NATIVE_DOMAIN}`);
}

function overcommitAllowed(name: string): boolean {
  return !isHugePages(name) && !isExtended(name);
}

function validateResourceName(name: string, field: string): FieldError[] {
  const errs = qualifiedNameErrors(name).map((msg) => invalidValue(field, name, msg));
  if (errs.length > 0) return errs;
  if (!name.includes('/') && !STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
    errs.push(invalidValue(field, name, 'must be a standard resource for containers'));
  }
  return errs;
}

/** A quantity as written in JSON: a string, or a bare number that YAML produced. */
export function quantityText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function validateQuantityValue(name: string, value: unknown, field: string): FieldError[] {
  const text = quantityText(value);
  if (text === undefined || !isValidQuantity(text)) return [invalidValue(field, value, QUANTITY_FORMAT_MESSAGE)];
  if (compareQuantities(text, 0) < 0) return [invalidValue(field, text, 'must be greater than or equal to 0')];
  if (isExtended(name) && cpuToMillis(text) % MILLIS_PER_UNIT !== 0) return [invalidValue(field, text, 'must be an integer')];
  return [];
}

function validateResourceList(list: Record<string, unknown>, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, value] of Object.entries(list)) {
    const entryPath = key(field, name);
    errs.push(...validateResourceName(name, entryPath));
    errs.push(...validateQuantityValue(name, value, entryPath));
  }
  return errs;
}

export function validateResourceRequirements(resources: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const res = readRecord(resources, field, errs);
  if (!res) return errs;
  const limitsPath = child(field, 'limits');
  const requestsPath = child(field, 'requests');
  const limits = readRecord(res.limits, limitsPath, errs) ?? {};
  const requests = readRecord(res.requests, requestsPath, errs) ?? {};
  errs.push(...validateResourceList(limits, limitsPath));
  errs.push(...validateResourceList(requests, requestsPath));
  for (const [name, value] of Object.entries(requests)) {
    const request = quantityText(value);
    if (request === undefined || !isValidQuantity(request)) continue;
    const limit = quantityText(limits[name]);
    if (limit === undefined) {
      if (!overcommitAllowed(name)) errs.push(required(limitsPath, 'Limit must be set for non overcommitable resources'));
      continue;
    }
    if (!isValidQuantity(limit)) continue;
    const order = compareQuantities(request, limit);
    if (order !== 0 && !overcommitAllowed(name)) {
      errs.push(invalidValue(requestsPath, request, `must be equal to ${name} limit of ${limit}`));
    } else if (order > 0) {
      errs.push(invalidValue(requestsPath, request, `must be less than or equal to ${name} limit of ${limit}`));
    }
  }
  return errs;
}
