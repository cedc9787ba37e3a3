// A Job's conditions: reading them, and setting one the way the Job
// controller does (a transition time only when the status changes).
import type { Job, JobCondition, JobStatus } from '../../api/types/index.js';

export function jobCondition(status: JobStatus | undefined, type: string): JobCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

export function hasTrueCondition(status: JobStatus | undefined, type: string): boolean {
  return jobCondition(status, type)?.status === 'True';
}

/** Complete or Failed: the Job is over and its controller only tidies up. */
export function isJobFinished(job: Job): boolean {
  return hasTrueCondition(job.status, 'Complete') || hasTrueCondition(job.status, 'Failed');
}

/** The conditions with `type` set to this value, keeping its transition time when the status is unchanged. */
export function withCondition(
  conditions: readonly JobCondition[] | undefined,
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  nowIso: string,
): JobCondition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === type);
  const previous = i >= 0 ? list[i] : undefined;
  const sameStatus = previous?.status === status;
  const next: JobCondition = {
    type,
    status,
    lastProbeTime: nowIso,
    lastTransitionTime: sameStatus && previous?.lastTransitionTime ? previous.lastTransitionTime : nowIso,
    reason,
    message,
  };
  if (i >= 0) list[i] = next;
  else list.push(next);
  return list;
}
