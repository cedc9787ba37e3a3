// What the HPA does with a recommendation: stabilization windows (the highest
// recommendation of the scale-down window, the lowest of the scale-up one),
// scaling policies over their periods (selectPolicy Max, Min or Disabled),
// and the minReplicas/maxReplicas clamp, as Kubernetes' normalization with
// behaviors does. Without a behavior Kubernetes' defaults apply, with the
// scale-down window taken from the controller's flag.
import { defaultScalingPolicies } from '../../api/kinds/hpa-defaults.js';
import type { HPAScalingRules } from '../../api/types/autoscaling.js';

export interface TimedRecommendation {
  atMs: number;
  replicas: number;
}

export interface ScaleEvent {
  atMs: number;
  /** Replicas added (positive) or removed (negative). */
  change: number;
}

export interface ScaleHistory {
  recommendations: TimedRecommendation[];
  events: ScaleEvent[];
}

export interface BehaviorInput {
  nowMs: number;
  currentReplicas: number;
  recommended: number;
  minReplicas: number;
  maxReplicas: number;
  scaleUp: HPAScalingRules;
  scaleDown: HPAScalingRules;
}

export interface Decision {
  replicas: number;
  /** Why the clamp or a policy held the count back: the ScalingLimited reason, or undefined. */
  limitedReason?: 'TooFewReplicas' | 'TooManyReplicas' | 'ScaleUpLimit' | 'ScaleDownLimit';
  limitedMessage?: string;
  /** Set when a stabilization window held the recommendation back: the AbleToScale reason. */
  stabilizedReason?: 'ScaleUpStabilized' | 'ScaleDownStabilized';
}

const STABILIZED_MESSAGES: Record<NonNullable<Decision['stabilizedReason']>, string> = {
  ScaleUpStabilized: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
  ScaleDownStabilized: 'recent recommendations were higher than current one, applying the highest recent recommendation',
};

export function stabilizedMessage(reason: NonNullable<Decision['stabilizedReason']>): string {
  return STABILIZED_MESSAGES[reason];
}

const MS_PER_SECOND = 1000;
const PERCENT = 100;

/** Kubernetes' defaults for an HPA without behavior; the scale-down window comes from the flag. */
export function defaultRules(scaleDownWindowSeconds: number): { scaleUp: HPAScalingRules; scaleDown: HPAScalingRules } {
  return {
    scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: defaultScalingPolicies(true) },
    scaleDown: { stabilizationWindowSeconds: scaleDownWindowSeconds, selectPolicy: 'Max', policies: defaultScalingPolicies(false) },
  };
}

function stabilized(history: ScaleHistory, input: BehaviorInput): number {
  const upFrom = input.nowMs - (input.scaleUp.stabilizationWindowSeconds ?? 0) * MS_PER_SECOND;
  const downFrom = input.nowMs - (input.scaleDown.stabilizationWindowSeconds ?? 0) * MS_PER_SECOND;
  let up = input.recommended;
  let down = input.recommended;
  for (const r of history.recommendations) {
    if (r.atMs >= upFrom) up = Math.min(up, r.replicas);
    if (r.atMs >= downFrom) down = Math.max(down, r.replicas);
  }
  // Scale up only as far as the whole up-window agrees; down only as far as the whole down-window does.
  let result = input.currentReplicas;
  if (result < up) result = up;
  if (result > down) result = down;
  return result;
}

function changedWithin(events: readonly ScaleEvent[], sinceMs: number, sign: 1 | -1): number {
  return events.filter((e) => e.atMs > sinceMs && Math.sign(e.change) === sign).reduce((acc, e) => acc + Math.abs(e.change), 0);
}

function policyLimit(rules: HPAScalingRules, history: ScaleHistory, input: BehaviorInput, up: boolean): number {
  const pick = rules.selectPolicy === 'Min' ? Math.min : Math.max;
  let limit = up ? (rules.selectPolicy === 'Min' ? Infinity : -Infinity) : rules.selectPolicy === 'Min' ? -Infinity : Infinity;
  for (const p of rules.policies ?? []) {
    const since = input.nowMs - p.periodSeconds * MS_PER_SECOND;
    const periodStart = up ? input.currentReplicas - changedWithin(history.events, since, 1) : input.currentReplicas + changedWithin(history.events, since, -1);
    const bound = up
      ? p.type === 'Pods' ? periodStart + p.value : Math.ceil(periodStart * (1 + p.value / PERCENT))
      : p.type === 'Pods' ? periodStart - p.value : Math.ceil(periodStart * (1 - p.value / PERCENT));
    // Max lets the most change through: the highest bound up, the lowest down.
    limit = up ? pick(limit, bound) : rules.selectPolicy === 'Min' ? Math.max(limit, bound) : Math.min(limit, bound);
  }
  return limit;
}

export function decideReplicas(history: ScaleHistory, input: BehaviorInput): Decision {
  const target = stabilized(history, input);
  let replicas = target;
  const held = target === input.recommended ? {} : { stabilizedReason: target > input.recommended ? ('ScaleDownStabilized' as const) : ('ScaleUpStabilized' as const) };
  let decision: Decision = { replicas, ...held };
  if (target > input.currentReplicas) {
    const limit = input.scaleUp.selectPolicy === 'Disabled' ? input.currentReplicas : policyLimit(input.scaleUp, history, input, true);
    if (replicas > limit) decision = { ...held, replicas: (replicas = limit), limitedReason: 'ScaleUpLimit', limitedMessage: 'the desired replica count is increasing faster than the maximum scale rate' };
  } else if (target < input.currentReplicas) {
    const limit = input.scaleDown.selectPolicy === 'Disabled' ? input.currentReplicas : policyLimit(input.scaleDown, history, input, false);
    if (replicas < limit) decision = { ...held, replicas: (replicas = limit), limitedReason: 'ScaleDownLimit', limitedMessage: 'the desired replica count is decreasing faster than the maximum scale rate' };
  }
  if (replicas > input.maxReplicas) return { ...held, replicas: input.maxReplicas, limitedReason: 'TooManyReplicas', limitedMessage: 'the desired replica count is more than the maximum replica count' };
  if (replicas < input.minReplicas) return { ...held, replicas: input.minReplicas, limitedReason: 'TooFewReplicas', limitedMessage: 'the desired replica count is less than the minimum replica count' };
  return decision;
}
