// autoscaling/v2 HorizontalPodAutoscaler: Kubernetes' validation of the spec
// (defaults in ./hpa-defaults.ts). Also served as autoscaling/v1, a view of the
// same stored object (./hpa-v1.ts).
import type { FieldError } from '../errors.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import type { KubeObject } from '../types/meta.js';
import type { HorizontalPodAutoscaler } from '../types/autoscaling.js';
import { child, index, invalidValue, notSupported, required } from '../validation/field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { nameIsDnsSubdomain } from '../validation/names.js';
import { isAbsent, recordOf } from '../validation/values.js';
import { applyHpaDefaults } from './hpa-defaults.js';
import { horizontalPodAutoscalerV1 } from './hpa-v1.js';
import { horizontalPodAutoscalerTable } from '../tables/horizontalpodautoscaler.js';
import { AUTOSCALING_V2 } from '../openapi/names.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { isValidQuantity } from '../quantity.js';

const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_SECONDS = 3600;
const METRIC_TYPES = ['Object', 'Pods', 'Resource', 'ContainerResource', 'External'];
const TARGET_TYPES = ['Utilization', 'Value', 'AverageValue'];
const SELECT_POLICIES = ['Max', 'Min', 'Disabled'];
const POLICY_TYPES = ['Pods', 'Percent'];

function validateTarget(value: unknown, path: string, errs: FieldError[], resource: boolean): void {
  const t = recordOf(value);
  if (isAbsent(t.type) || t.type === '') errs.push(required(child(path, 'type'), 'must specify a metric target type'));
  else if (!TARGET_TYPES.includes(String(t.type))) errs.push(invalidValue(child(path, 'type'), t.type, 'must be either Utilization, Value, or AverageValue'));
  if (!isAbsent(t.averageUtilization) && (typeof t.averageUtilization !== 'number' || t.averageUtilization <= 0)) {
    errs.push(invalidValue(child(path, 'averageUtilization'), t.averageUtilization, 'must be greater than 0'));
  }
  for (const q of ['value', 'averageValue']) {
    if (isAbsent(t[q])) continue;
    if (!isValidQuantity(String(t[q]))) errs.push(invalidValue(child(path, q), t[q], 'must be a valid quantity'));
    else if (String(t[q]).startsWith('-') || Number.parseFloat(String(t[q])) <= 0) errs.push(invalidValue(child(path, q), t[q], 'must be positive'));
  }
  if (t.type === 'Utilization' && isAbsent(t.averageUtilization)) errs.push(required(child(path, 'averageUtilization'), 'must set either a target raw value or a target utilization'));
  if (t.type === 'AverageValue' && isAbsent(t.averageValue)) errs.push(required(child(path, 'averageValue'), 'must set either a target value for metric or a per-pod target'));
  if (t.type === 'Value' && resource) errs.push(invalidValue(child(path, 'type'), t.type, 'must be either Utilization or AverageValue'));
}

function validateMetric(value: unknown, path: string, errs: FieldError[]): void {
  const m = recordOf(value);
  const type = m.type;
  if (isAbsent(type) || type === '') {
    errs.push(required(child(path, 'type'), 'must specify a metric source type'));
    return;
  }
  if (!METRIC_TYPES.includes(String(type))) {
    errs.push(notSupported(child(path, 'type'), type, METRIC_TYPES));
    return;
  }
  const sourceKey = String(type).charAt(0).toLowerCase() + String(type).slice(1);
  if (isAbsent(m[sourceKey])) {
    errs.push(required(child(path, sourceKey), 'must populate information for the given metric source'));
    return;
  }
  const source = recordOf(m[sourceKey]);
  const sourcePath = child(path, sourceKey);
  if (type === 'Resource' || type === 'ContainerResource') {
    if (isAbsent(source.name) || source.name === '') errs.push(required(child(sourcePath, 'name'), 'must specify a resource name'));
    if (type === 'ContainerResource' && (isAbsent(source.container) || source.container === '')) errs.push(required(child(sourcePath, 'container'), 'must specify a container'));
    validateTarget(source.target, child(sourcePath, 'target'), errs, true);
    return;
  }
  if (isAbsent(recordOf(source.metric).name) || recordOf(source.metric).name === '') errs.push(required(child(sourcePath, 'metric.name'), 'must specify a metric name'));
  validateTarget(source.target, child(sourcePath, 'target'), errs, false);
}

function validateRules(value: unknown, path: string, errs: FieldError[]): void {
  if (isAbsent(value)) return;
  const r = recordOf(value);
  const window = r.stabilizationWindowSeconds;
  if (!isAbsent(window) && (typeof window !== 'number' || window < 0 || window > MAX_STABILIZATION_SECONDS)) {
    errs.push(invalidValue(child(path, 'stabilizationWindowSeconds'), window, `must be less than or equal to ${MAX_STABILIZATION_SECONDS} and greater than or equal to 0`));
  }
  if (!isAbsent(r.selectPolicy) && !SELECT_POLICIES.includes(String(r.selectPolicy))) errs.push(notSupported(child(path, 'selectPolicy'), r.selectPolicy, SELECT_POLICIES));
  const policies = Array.isArray(r.policies) ? r.policies : [];
  if (!isAbsent(r.policies) && policies.length === 0) errs.push(required(child(path, 'policies'), 'must specify at least one Policy'));
  policies.forEach((p: unknown, i) => {
    const policy = recordOf(p);
    const at = index(child(path, 'policies'), i);
    if (!POLICY_TYPES.includes(String(policy.type))) errs.push(notSupported(child(at, 'type'), policy.type, POLICY_TYPES));
    if (typeof policy.value !== 'number' || policy.value <= 0) errs.push(invalidValue(child(at, 'value'), policy.value, 'must be greater than zero'));
    if (typeof policy.periodSeconds !== 'number' || policy.periodSeconds <= 0) errs.push(invalidValue(child(at, 'periodSeconds'), policy.periodSeconds, 'must be greater than zero'));
    else if (policy.periodSeconds > MAX_PERIOD_SECONDS) errs.push(invalidValue(child(at, 'periodSeconds'), policy.periodSeconds, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  });
}

function validateSpec(obj: KubeObject, errs: FieldError[]): void {
  const spec = recordOf(obj.spec);
  const ref = recordOf(spec.scaleTargetRef);
  if (isAbsent(ref.kind) || ref.kind === '') errs.push(required('spec.scaleTargetRef.kind'));
  if (isAbsent(ref.name) || ref.name === '') errs.push(required('spec.scaleTargetRef.name'));
  const min = spec.minReplicas;
  const max = spec.maxReplicas;
  if (!isAbsent(min) && (typeof min !== 'number' || min < 1)) errs.push(invalidValue('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (typeof max !== 'number' || max < 1) errs.push(invalidValue('spec.maxReplicas', max ?? 0, 'must be greater than 0'));
  else if (typeof min === 'number' && max < min) errs.push(invalidValue('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  const metrics = Array.isArray(spec.metrics) ? spec.metrics : [];
  metrics.forEach((m: unknown, i) => validateMetric(m, index('spec.metrics', i), errs));
  const behavior = recordOf(spec.behavior);
  validateRules(behavior.scaleUp, 'spec.behavior.scaleUp', errs);
  validateRules(behavior.scaleDown, 'spec.behavior.scaleDown', errs);
}

export const horizontalPodAutoscalerStrategy: KindStrategy = {
  resetStatusOnCreate: true,
  tracksGeneration: true,
  applyDefaults: applyHpaDefaults,
  validate(obj) {
    const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
    validateSpec(obj, errs);
    return errs;
  },
  validateUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
    validateSpec(obj, errs);
    return errs;
  },
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata),
};

const SCHEMA = kindSchema(`${AUTOSCALING_V2}HorizontalPodAutoscaler`);

export const horizontalPodAutoscalerKind: KindDefinition<HorizontalPodAutoscaler> = {
  group: 'autoscaling',
  version: 'v2',
  kind: 'HorizontalPodAutoscaler',
  plural: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler',
  shortNames: ['hpa'],
  categories: ['all'],
  namespaced: true,
  subresources: { status: true },
  strategy: horizontalPodAutoscalerStrategy,
  table: horizontalPodAutoscalerTable,
  fieldSelectors: {},
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
  alsoServed: [horizontalPodAutoscalerV1],
};
