// A PodDisruptionBudget's status from its pods, as Kubernetes' disruption
// controller computes it: how many pods are expected (the pods' controllers'
// scale when a percentage or maxUnavailable needs it, else the matching pods),
// how many must stay healthy, how many are, and so how many may go now. Pods an
// eviction was granted for count as gone until they are seen going, or for
// DELETION_TIMEOUT_MS at most.
import { isPodReady } from '../../api/ready-conditions.js';
import { withDisruptionAllowed } from '../../api/policy/disruption-allowed.js';
import type { Pod, PodDisruptionBudget, PodDisruptionBudgetStatus } from '../../api/types/index.js';
import { scaledValue } from '../../api/scaled-value.js';

/** How long a granted eviction keeps its pod out of the healthy count without the pod being deleted. */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

/** Whether the expected count comes from the pods' controllers rather than from the pods. */
export function needsControllerScale(pdb: PodDisruptionBudget): boolean {
  const { minAvailable, maxUnavailable } = pdb.spec;
  return (maxUnavailable !== undefined && maxUnavailable !== null) || typeof minAvailable === 'string';
}

/** expectedPods and desiredHealthy; `scale` is the controllers' replicas when needsControllerScale. */
export function expectedAndDesired(pdb: PodDisruptionBudget, podCount: number, scale: number): { expected: number; desired: number } {
  const { minAvailable, maxUnavailable } = pdb.spec;
  if (maxUnavailable !== undefined && maxUnavailable !== null) {
    return { expected: scale, desired: Math.max(0, scale - scaledValue(maxUnavailable, scale, true)) };
  }
  if (typeof minAvailable === 'string') return { expected: scale, desired: scaledValue(minAvailable, scale, true) };
  if (typeof minAvailable === 'number') return { expected: podCount, desired: minAvailable };
  return { expected: podCount, desired: 0 };
}

/** The disruptedPods entries still pending (pod present, not yet deleting, not timed out), and when the first will time out. */
export function pendingDisruptions(pdb: PodDisruptionBudget, pods: readonly Pod[], nowMs: number): { pending: Record<string, string>; recheckAtMs?: number; overdue: Pod[] } {
  const granted = pdb.status?.disruptedPods ?? {};
  const pending: Record<string, string> = {};
  const overdue: Pod[] = [];
  let recheckAtMs: number | undefined;
  for (const pod of pods) {
    const name = pod.metadata.name ?? '';
    if (pod.metadata.deletionTimestamp || !(name in granted)) continue;
    const due = Date.parse(granted[name] ?? '') + DELETION_TIMEOUT_MS;
    if (Number.isNaN(due) || due < nowMs) {
      overdue.push(pod);
      continue;
    }
    pending[name] = granted[name] ?? '';
    recheckAtMs = recheckAtMs === undefined ? due : Math.min(recheckAtMs, due);
  }
  return { pending, recheckAtMs, overdue };
}

/** Ready pods that are neither being deleted nor granted an eviction. */
export function countHealthy(pods: readonly Pod[], pending: Readonly<Record<string, string>>): number {
  return pods.filter((p) => !p.metadata.deletionTimestamp && !((p.metadata.name ?? '') in pending) && isPodReady(p)).length;
}

export function budgetStatus(pdb: PodDisruptionBudget, pods: readonly Pod[], scale: number, pending: Record<string, string>, nowIso: string): PodDisruptionBudgetStatus {
  const { expected, desired } = expectedAndDesired(pdb, pods.length, scale);
  const currentHealthy = countHealthy(pods, pending);
  const room = currentHealthy - desired;
  const status: PodDisruptionBudgetStatus = {
    ...(pdb.status ?? {}),
    observedGeneration: pdb.metadata.generation,
    currentHealthy,
    desiredHealthy: desired,
    expectedPods: expected,
    disruptionsAllowed: expected <= 0 || room <= 0 ? 0 : room,
  };
  if (Object.keys(pending).length > 0) status.disruptedPods = pending;
  else delete status.disruptedPods;
  return withDisruptionAllowed(status, nowIso);
}
