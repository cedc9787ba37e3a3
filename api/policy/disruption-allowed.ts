// The DisruptionAllowed condition of a PodDisruptionBudget, written the same
// way by the disruption controller and by an eviction that takes the last
// allowed disruption (Kubernetes' UpdateDisruptionAllowedCondition).
import type { MetaCondition, PodDisruptionBudgetStatus } from '../types/policy.js';

export const DISRUPTION_ALLOWED_CONDITION = 'DisruptionAllowed';
export const SUFFICIENT_PODS_REASON = 'SufficientPods';
export const INSUFFICIENT_PODS_REASON = 'InsufficientPods';
export const SYNC_FAILED_REASON = 'SyncFailed';

/**
 * Sets one condition as apimachinery's SetStatusCondition does: the
 * transition time moves only when the status changes.
 */
export function withCondition(conditions: readonly MetaCondition[] | undefined, next: Omit<MetaCondition, 'lastTransitionTime'>, nowIso: string): MetaCondition[] {
  const others = (conditions ?? []).filter((c) => c.type !== next.type);
  const prior = (conditions ?? []).find((c) => c.type === next.type);
  const lastTransitionTime = prior && prior.status === next.status ? prior.lastTransitionTime : nowIso;
  return [...others, { ...next, lastTransitionTime }];
}

/** DisruptionAllowed True (SufficientPods) while a disruption is allowed, else False (InsufficientPods). */
export function withDisruptionAllowed(status: PodDisruptionBudgetStatus, nowIso: string): PodDisruptionBudgetStatus {
  const allowed = status.disruptionsAllowed > 0;
  const condition = {
    type: DISRUPTION_ALLOWED_CONDITION,
    status: allowed ? ('True' as const) : ('False' as const),
    reason: allowed ? SUFFICIENT_PODS_REASON : INSUFFICIENT_PODS_REASON,
    message: '',
    ...(status.observedGeneration === undefined ? {} : { observedGeneration: status.observedGeneration }),
  };
  return { ...status, conditions: withCondition(status.conditions, condition, nowIso) };
}
