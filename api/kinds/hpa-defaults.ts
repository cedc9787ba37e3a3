// Kubernetes' defaults for a HorizontalPodAutoscaler (SetDefaults in
// autoscaling/v2): minReplicas 1, a cpu 80% Utilization metric when none is
// given, and the scaling rules filled in when behavior is set. The controller
// uses the same policies for HPAs without behavior, and the v1 conversion the
// same cpu metric.
import type { KubeObject } from '../types/meta.js';
import type { HPAScalingPolicy, MetricSpec } from '../types/autoscaling.js';
import { isAbsent, type JsonRecord } from '../validation/values.js';
import { ensureRecord, setIfAbsent } from './common.js';

export const DEFAULT_CPU_UTILIZATION = 80;
export const DEFAULT_SCALE_DOWN_STABILIZATION_SECONDS = 300;
const POLICY_PERIOD_SECONDS = 15;
const SCALE_UP_PODS = 4;
const PERCENT_100 = 100;

const DEFAULT_METRIC: MetricSpec = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } };

/** Kubernetes' default policies: up by 4 pods or 100% per 15 s, whichever is more; down by 100% per 15 s. */
export function defaultScalingPolicies(up: boolean): HPAScalingPolicy[] {
  return up
    ? [
        { type: 'Pods', value: SCALE_UP_PODS, periodSeconds: POLICY_PERIOD_SECONDS },
        { type: 'Percent', value: PERCENT_100, periodSeconds: POLICY_PERIOD_SECONDS },
      ]
    : [{ type: 'Percent', value: PERCENT_100, periodSeconds: POLICY_PERIOD_SECONDS }];
}

/** Kubernetes' GenerateHPAScaleUpRules / GenerateHPAScaleDownRules: fill what the user left out. */
function defaultRules(rules: JsonRecord, up: boolean): void {
  setIfAbsent(rules, 'stabilizationWindowSeconds', up ? 0 : DEFAULT_SCALE_DOWN_STABILIZATION_SECONDS);
  setIfAbsent(rules, 'selectPolicy', 'Max');
  if (!Array.isArray(rules.policies) || rules.policies.length === 0) rules.policies = defaultScalingPolicies(up);
}

export function applyHpaDefaults(obj: KubeObject): void {
  const spec = ensureRecord(obj, 'spec');
  if (!spec) return;
  setIfAbsent(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) spec.metrics = [structuredClone(DEFAULT_METRIC)];
  if (isAbsent(spec.behavior)) return;
  const behavior = ensureRecord(spec, 'behavior');
  const up = behavior && ensureRecord(behavior, 'scaleUp');
  const down = behavior && ensureRecord(behavior, 'scaleDown');
  if (up) defaultRules(up, true);
  if (down) defaultRules(down, false);
}
