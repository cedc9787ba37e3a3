// Facts about pods that every workload controller asks: active, ready,
// available (ready for minReadySeconds), and kubectl's deletion ranking.
import { isPodReady, podReadyCondition as readyCondition } from '../../api/ready-conditions.js';
import type { Pod } from '../../api/types/index.js';

export { isPodReady, readyCondition };

export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/**
 * Whether an update changes what an owner counts a pod as: active or finished
 * (its phase), ready, and since when (availability). A binding, a restart or a
 * new IP changes none of these; a sync on every one of them (one per pod the
 * scheduler binds) finds nothing to write.
 */
export function podCountsChanged(old: Pod, cur: Pod): boolean {
  if (old.status?.phase !== cur.status?.phase) return true;
  const before = readyCondition(old);
  const after = readyCondition(cur);
  return before?.status !== after?.status || before?.lastTransitionTime !== after?.lastTransitionTime;
}

/** Ready for at least minReadySeconds at `nowMs`, judged from the Ready condition's transition time. */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  const ready = readyCondition(pod);
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  if (Number.isNaN(since)) return false;
  return since + minReadySeconds * 1000 <= nowMs;
}

/** Milliseconds until a ready pod becomes available; undefined if it is not ready or already available. */
export function msUntilAvailable(pod: Pod, minReadySeconds: number, nowMs: number): number | undefined {
  const ready = readyCondition(pod);
  if (ready?.status !== 'True' || minReadySeconds <= 0 || !ready.lastTransitionTime) return undefined;
  const at = Date.parse(ready.lastTransitionTime) + minReadySeconds * 1000;
  return at > nowMs ? at - nowMs : undefined;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
/** Users rank their pods for scale-down with this annotation: lower cost goes first. */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

/** The pod's deletion cost; 0 when absent or not an int32, as Kubernetes reads it. */
export function deletionCost(pod: Pod): number {
  const raw = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (raw === undefined || !/^[+-]?\d+$/.test(raw.trim())) return 0;
  const v = Number(raw);
  return v >= -(2 ** 31) && v < 2 ** 31 ? v : 0;
}

function restarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

function time(value: string | undefined): number {
  const t = value ? Date.parse(value) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/**
 * Orders pods so the ones to delete first come first, as the ReplicaSet
 * controller's ActivePods ranking: unscheduled before scheduled, Pending
 * before Unknown before Running, not ready before ready, lower
 * pod-deletion-cost before higher, higher `rank` (see deletionOrder) before
 * lower, ready for less time before longer, more restarts before fewer, newer
 * before older.
 */
export function compareForDeletion(a: Pod, b: Pod, rank?: (pod: Pod) => number): number {
  const aBound = a.spec.nodeName ? 1 : 0;
  const bBound = b.spec.nodeName ? 1 : 0;
  if (aBound !== bBound) return aBound - bBound;
  const aPhase = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0;
  const bPhase = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
  if (aPhase !== bPhase) return aPhase - bPhase;
  const aReady = isPodReady(a) ? 1 : 0;
  const bReady = isPodReady(b) ? 1 : 0;
  if (aReady !== bReady) return aReady - bReady;
  const cost = deletionCost(a) - deletionCost(b);
  if (cost !== 0) return cost;
  if (rank) {
    const doubled = rank(b) - rank(a);
    if (doubled !== 0) return doubled;
  }
  if (aReady === 1) {
    const aSince = time(readyCondition(a)?.lastTransitionTime);
    const bSince = time(readyCondition(b)?.lastTransitionTime);
    if (aSince !== bSince) return bSince - aSince;
  }
  const r = restarts(b) - restarts(a);
  if (r !== 0) return r;
  const created = time(b.metadata.creationTimestamp) - time(a.metadata.creationTimestamp);
  if (created !== 0) return created;
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/**
 * `pods` in the order to delete them, pods doubled up on a node going before
 * lone ones: a pod's rank is how many active `related` pods (the owner's and
 * its siblings') share its node, so a scale-down keeps pods spread out.
 */
export function deletionOrder(pods: readonly Pod[], related: readonly Pod[]): Pod[] {
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const node = p.spec.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const rank = (p: Pod): number => onNode.get(p.spec.nodeName ?? '') ?? 0;
  return [...pods].sort((a, b) => compareForDeletion(a, b, rank));
}
