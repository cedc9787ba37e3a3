// Whether a pod may be evicted now, against the PodDisruptionBudgets that
// select it, as Kubernetes' eviction REST does: pods that are not running
// (pending, finished, already being deleted) ignore budgets; a pod under two
// budgets cannot be evicted; otherwise the budget must allow a disruption, and
// granting one takes it from the budget's status (disruptionsAllowed - 1, the
// pod's name in disruptedPods) in the same guarded write that eviction.ts makes
// before it deletes the pod.
import { ApiError } from '../../api/errors.js';
import { matchesSelector, selectorFromLabelSelector } from '../../api/labels/label-selector.js';
import { withDisruptionAllowed } from '../../api/policy/disruption-allowed.js';
import { isPodReady } from '../../api/ready-conditions.js';
import type { Pod, PodDisruptionBudget, PodDisruptionBudgetStatus } from '../../api/types/index.js';

/** More unconfirmed evictions than this and the budget refuses new ones until its controller catches up. */
export const MAX_DISRUPTED_PODS = 2000;
/** Kubernetes' policy/v1 DisruptionBudgetCause. */
export const DISRUPTION_BUDGET_CAUSE = 'DisruptionBudget';
export const VIOLATES_BUDGET = "Cannot evict pod as it would violate the pod's disruption budget.";

export type EvictionVerdict =
  | { allowed: true }
  /** Allowed once `status` is written to the budget (with the resourceVersion it was read at). */
  | { allowed: true; budget: PodDisruptionBudget; status: PodDisruptionBudgetStatus }
  | { allowed: false; error: ApiError };

/** Pods no budget protects: not running yet, finished, or already on their way out. */
export function ignoresBudgets(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Pending' || phase === 'Succeeded' || phase === 'Failed' || Boolean(pod.metadata.deletionTimestamp);
}

/** Budgets whose non-empty selector picks the pod (an empty or null selector protects nothing here). */
export function budgetsSelecting(pod: Pod, budgets: readonly PodDisruptionBudget[]): PodDisruptionBudget[] {
  return budgets.filter((pdb) => {
    try {
      const selector = selectorFromLabelSelector(pdb.spec?.selector);
      return selector !== null && selector.requirements.length > 0 && matchesSelector(selector, pod.metadata.labels);
    } catch {
      return false;
    }
  });
}

function tooManyRequests(causeMessage: string): ApiError {
  return new ApiError('TooManyRequests', VIOLATES_BUDGET, { causes: [{ reason: DISRUPTION_BUDGET_CAUSE, message: causeMessage }] });
}

/** The single budget's say over a ready pod (or an unready one it still guards): take one disruption or refuse. */
function takeDisruption(pod: Pod, pdb: PodDisruptionBudget, nowIso: string): EvictionVerdict {
  const name = pdb.metadata.name ?? '';
  const status: PodDisruptionBudgetStatus = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, ...(pdb.status ?? {}) };
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) {
    return { allowed: false, error: tooManyRequests(`The disruption budget ${name} is still being processed by the server.`) };
  }
  if (status.disruptionsAllowed < 0) return { allowed: false, error: new ApiError('Forbidden', `poddisruptionbudgets.policy "${name}" is forbidden: pdb disruptions allowed is negative`) };
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
    return { allowed: false, error: new ApiError('Forbidden', `poddisruptionbudgets.policy "${name}" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller`) };
  }
  if (status.disruptionsAllowed === 0) {
    return { allowed: false, error: tooManyRequests(`The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`) };
  }
  const taken: PodDisruptionBudgetStatus = {
    ...status,
    disruptionsAllowed: status.disruptionsAllowed - 1,
    disruptedPods: { ...(status.disruptedPods ?? {}), [pod.metadata.name ?? '']: nowIso },
  };
  return { allowed: true, budget: pdb, status: taken.disruptionsAllowed === 0 ? withDisruptionAllowed(taken, nowIso) : taken };
}

export function evictionVerdict(pod: Pod, budgets: readonly PodDisruptionBudget[], nowIso: string): EvictionVerdict {
  if (ignoresBudgets(pod)) return { allowed: true };
  const mine = budgetsSelecting(pod, budgets);
  if (mine.length === 0) return { allowed: true };
  if (mine.length > 1) return { allowed: false, error: new ApiError('InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.') };
  const pdb = mine[0]!;
  if (!isPodReady(pod)) {
    if (pdb.spec.unhealthyPodEvictionPolicy === 'AlwaysAllow') return { allowed: true };
    const status = pdb.status;
    // IfHealthyBudget (the default): an unready pod may go while the budget is met without it.
    if (status && status.desiredHealthy > 0 && status.currentHealthy >= status.desiredHealthy) return { allowed: true };
  }
  return takeDisruption(pod, pdb, nowIso);
}
