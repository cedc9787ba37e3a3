// The PodScheduled condition a pod that fits nowhere carries, set the way
// Kubernetes' podutil.UpdatePodCondition does: lastTransitionTime moves only
// when the status flips, and nothing is written when nothing changed.
import { metaTime } from '../api/meta-time.js';
import type { Pod, PodCondition } from '../api/types/index.js';

export const POD_SCHEDULED = 'PodScheduled';
export const REASON_UNSCHEDULABLE = 'Unschedulable';
export const REASON_SCHEDULING_GATED = 'SchedulingGated';
export const SCHEDULING_GATED_MESSAGE = 'Scheduling is blocked due to non-empty scheduling gates';

export function unschedulableCondition(message: string, nowMs: number): PodCondition {
  return {
    type: POD_SCHEDULED,
    status: 'False',
    reason: REASON_UNSCHEDULABLE,
    message,
    lastProbeTime: null,
    lastTransitionTime: metaTime(nowMs),
  };
}

export function schedulingGatedCondition(nowMs: number): PodCondition {
  return { ...unschedulableCondition(SCHEDULING_GATED_MESSAGE, nowMs), reason: REASON_SCHEDULING_GATED };
}

/** A copy of `pod` with the condition set, or undefined when it already says the same. */
export function withPodCondition(pod: Pod, condition: PodCondition): Pod | undefined {
  const conditions = pod.status?.conditions ?? [];
  const index = conditions.findIndex((c) => c.type === condition.type);
  const existing = index >= 0 ? conditions[index] : undefined;
  if (existing && existing.status === condition.status && existing.reason === condition.reason && existing.message === condition.message) {
    return undefined;
  }
  const next = structuredClone(pod);
  const merged: PodCondition = { ...condition };
  if (existing && existing.status === condition.status && existing.lastTransitionTime) {
    merged.lastTransitionTime = existing.lastTransitionTime;
  }
  const list = [...(next.status?.conditions ?? [])];
  if (index >= 0) list[index] = merged;
  else list.push(merged);
  next.status = { ...(next.status ?? {}), conditions: list };
  return next;
}
