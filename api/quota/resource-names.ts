// The resource names a ResourceQuota may limit and a LimitRange may bound,
// as Kubernetes' IsStandardQuotaResourceName and container resources allow them.
import type { FieldError } from '../errors.js';
import { compareQuantities, isValidQuantity, QUANTITY_FORMAT_MESSAGE } from '../quantity.js';
import { invalidValue, key } from '../validation/field-errors.js';
import { qualifiedNameErrors } from '../validation/names.js';
import { quantityText } from '../validation/resources.js';
import { readRecord } from '../validation/values.js';

export const STANDARD_QUOTA_RESOURCES: ReadonlySet<string> = new Set([
  'pods',
  'services',
  'services.nodeports',
  'services.loadbalancers',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
]);

const STANDARD_CONTAINER_RESOURCES: ReadonlySet<string> = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage']);
const HUGEPAGES = /^(requests\.)?hugepages-/;

export type ResourceNameRule = (name: string) => boolean;

export const isQuotaResourceName: ResourceNameRule = (name) => name.includes('/') || STANDARD_QUOTA_RESOURCES.has(name) || HUGEPAGES.test(name);
export const isLimitResourceName: ResourceNameRule = (name) => name.includes('/') || STANDARD_CONTAINER_RESOURCES.has(name) || HUGEPAGES.test(name);

/** A map of resource names to non-negative quantities; names checked by `rule`. */
export function validateResourceList(value: unknown, field: string, rule: ResourceNameRule, errs: FieldError[]): Record<string, string> {
  const list = readRecord(value, field, errs) ?? {};
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(list)) {
    const path = key(field, name);
    const nameErrs = qualifiedNameErrors(name);
    if (nameErrs.length > 0) errs.push(...nameErrs.map((m) => invalidValue(path, name, m)));
    else if (!rule(name)) errs.push(invalidValue(path, name, 'must be a standard resource type or fully qualified'));
    const text = quantityText(raw);
    if (text === undefined || !isValidQuantity(text)) errs.push(invalidValue(path, raw, QUANTITY_FORMAT_MESSAGE));
    else if (compareQuantities(text, 0) < 0) errs.push(invalidValue(path, text, 'must be greater than or equal to 0'));
    else out[name] = text;
  }
  return out;
}
