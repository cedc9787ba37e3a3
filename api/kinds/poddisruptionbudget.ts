// policy/v1 PodDisruptionBudget: minAvailable or maxUnavailable (a count or a
// percentage) over the pods a selector picks; its status is the disruption
// controller's (and, for disruptedPods, the eviction subresource's).
import type { FieldError } from '../errors.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import type { KubeObject } from '../types/meta.js';
import type { PodDisruptionBudget } from '../types/policy.js';
import { notSupported, invalidValue } from '../validation/field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { nameIsDnsSubdomain } from '../validation/names.js';
import { isAbsent, readRecord } from '../validation/values.js';
import { validateLabelSelector } from '../validation/labels.js';
import { validateNotMoreThan100Percent, validatePositiveIntOrPercent } from '../validation/int-or-percent.js';
import { revalidateOnUpdate, validateStatusCounts } from './common.js';
import { podDisruptionBudgetTable } from '../tables/poddisruptionbudget.js';
import { POLICY } from '../openapi/names.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';

export const UNHEALTHY_POD_EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];
const STATUS_COUNTS = ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'];

function validateBound(spec: Record<string, unknown>, field: 'minAvailable' | 'maxUnavailable', errs: FieldError[]): void {
  if (isAbsent(spec[field])) return;
  errs.push(...validatePositiveIntOrPercent(spec[field], `spec.${field}`));
  errs.push(...validateNotMoreThan100Percent(spec[field], `spec.${field}`));
}

function validate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  const spec = readRecord(obj.spec, 'spec', errs) ?? {};
  if (!isAbsent(spec.minAvailable) && !isAbsent(spec.maxUnavailable)) {
    errs.push(invalidValue('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  }
  validateBound(spec, 'minAvailable', errs);
  validateBound(spec, 'maxUnavailable', errs);
  if (!isAbsent(spec.selector)) errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (!isAbsent(policy) && !UNHEALTHY_POD_EVICTION_POLICIES.includes(String(policy))) {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', policy, UNHEALTHY_POD_EVICTION_POLICIES));
  }
  return errs;
}

export const podDisruptionBudgetStrategy: KindStrategy = {
  resetStatusOnCreate: true,
  tracksGeneration: true,
  applyDefaults() {
    // policy/v1 defaults nothing (v1beta1's minAvailable 1 is gone).
  },
  validate,
  validateUpdate: revalidateOnUpdate(validate),
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateStatusCounts(obj.status, STATUS_COUNTS).errs];
  },
};

const SCHEMA = kindSchema(`${POLICY}PodDisruptionBudget`);

export const podDisruptionBudgetKind: KindDefinition<PodDisruptionBudget> = {
  group: 'policy',
  version: 'v1',
  kind: 'PodDisruptionBudget',
  plural: 'poddisruptionbudgets',
  singular: 'poddisruptionbudget',
  shortNames: ['pdb'],
  categories: [],
  namespaced: true,
  subresources: { status: true },
  strategy: podDisruptionBudgetStrategy,
  table: podDisruptionBudgetTable,
  fieldSelectors: {},
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
