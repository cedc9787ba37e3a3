// When a pod on a node with NoExecute taints must go, as Kubernetes' taint
// eviction: at once for a taint it does not tolerate, else when the shortest
// tolerationSeconds among the tolerations it uses has run out since the taint
// was added; never if those tolerations have no tolerationSeconds.
import type { Pod, Taint } from '../../api/types/index.js';
import { tolerationsFor } from '../../api/scheduling/tolerations.js';

/** Milliseconds since the epoch at which to evict, or undefined for never. */
export function evictionTime(pod: Pod, taints: readonly Taint[] | undefined, nowMs: number): number | undefined {
  let at: number | undefined;
  for (const taint of taints ?? []) {
    if (taint.effect !== 'NoExecute') continue;
    const used = tolerationsFor(pod.spec.tolerations, taint);
    if (used.length === 0) return nowMs;
    const limits = used.map((t) => t.tolerationSeconds).filter((s): s is number => typeof s === 'number');
    if (limits.length < used.length) continue;
    const seconds = Math.max(0, Math.min(...limits));
    const added = taint.timeAdded ? Date.parse(taint.timeAdded) : NaN;
    const from = Number.isNaN(added) ? nowMs : added;
    const when = from + seconds * 1000;
    at = at === undefined ? when : Math.min(at, when);
  }
  return at;
}
