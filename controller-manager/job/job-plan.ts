// One pass of the Job controller as a pure function: from the Job, its pods
// and the time, the status to write, the pods to create, delete and release
// (tracking finalizer), the events to record and when to look again.
//
// Outcomes are tracked as Kubernetes does: a finished pod keeps the
// `batch.kubernetes.io/job-tracking` finalizer until its uid is recorded in
// status.uncountedTerminatedPods; only then is the finalizer removed, and only
// once the finalizer is gone does the uid move into the succeeded/failed
// counts. A restart between any two steps therefore neither loses nor
// double-counts an outcome.
import { metaTime } from '../../api/meta-time.js';
import type { Job, JobCondition, JobStatus, Pod } from '../../api/types/index.js';
import { isPodReady } from '../common/pod-util.js';
import { hasTrueCondition, jobCondition, withCondition } from './job-conditions.js';
import { remainingBackoffMs } from './job-backoff.js';
import { formatIndexes, parseIndexes } from './job-indexes.js';
import { completionIndexOf, finishTimeMs, hasTrackingFinalizer, podOutcome, restartCount } from './job-pods.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';

/** Pods created in one pass at most (the ReplicaSet controller's burst). */
export const JOB_BURST = 500;

export interface JobEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface JobInput {
  job: Job;
  /** The pods the Job owns, finished ones included. */
  pods: readonly Pod[];
  nowMs: number;
  /** Uids whose finalizer this controller removed and the cache may not show yet. */
  finalizerRemoved: ReadonlySet<string>;
}

export interface JobPlan {
  status: JobStatus;
  /** Finished pods whose outcome `status` records: release them after the status write. */
  releasePods: Pod[];
  deletePods: Pod[];
  /** One entry per pod to create: its completion index, or undefined for a NonIndexed Job. */
  create: (number | undefined)[];
  events: JobEvent[];
  requeueAfterMs?: number;
}

interface Terminal {
  type: 'Complete' | 'Failed';
  target: 'SuccessCriteriaMet' | 'FailureTarget';
  reason: string;
  message: string;
}

const BACKOFF_MESSAGE = 'Job has reached the specified backoff limit';
const DEADLINE_MESSAGE = 'Job was active longer than specified deadline';

function isIndexed(job: Job): boolean {
  return job.spec.completionMode === 'Indexed';
}

/** Outcome bookkeeping: what the status counts, what waits uncounted, what is new. */
function trackOutcomes(input: JobInput, status: JobStatus): { releasePods: Pod[]; failJob?: Terminal } {
  const { job, pods, finalizerRemoved } = input;
  const replaceTerminating = job.spec.podReplacementPolicy !== 'Failed';
  const uncountedSucceeded = new Set(status.uncountedTerminatedPods?.succeeded ?? []);
  const uncountedFailed = new Set(status.uncountedTerminatedPods?.failed ?? []);
  const completions = job.spec.completions ?? 0;
  const completed = parseIndexes(status.completedIndexes, completions);
  const byUid = new Map(pods.map((p) => [p.metadata.uid ?? '', p]));
  const holdsFinalizer = (pod: Pod): boolean => hasTrackingFinalizer(pod) && !finalizerRemoved.has(pod.metadata.uid ?? '');

  // Uids recorded earlier whose pods are released (or gone) are counted now.
  for (const uid of [...uncountedSucceeded]) {
    const pod = byUid.get(uid);
    if (pod && holdsFinalizer(pod)) continue;
    uncountedSucceeded.delete(uid);
    if (!isIndexed(job)) status.succeeded = (status.succeeded ?? 0) + 1;
  }
  for (const uid of [...uncountedFailed]) {
    const pod = byUid.get(uid);
    if (pod && holdsFinalizer(pod)) continue;
    uncountedFailed.delete(uid);
    status.failed = (status.failed ?? 0) + 1;
  }

  const releasePods: Pod[] = [];
  let failJob: Terminal | undefined;
  for (const pod of pods) {
    if (!holdsFinalizer(pod)) continue;
    const uid = pod.metadata.uid ?? '';
    const outcome = podOutcome(pod, replaceTerminating);
    if (outcome === 'succeeded') {
      uncountedSucceeded.add(uid);
      const index = completionIndexOf(pod);
      if (isIndexed(job) && index !== undefined && index < completions) completed.add(index);
    } else if (outcome === 'failed') {
      const matched = pod.status?.phase === 'Failed' ? matchPodFailurePolicy(job, pod) : undefined;
      if (matched?.action === 'Ignore') {
        releasePods.push(pod);
        continue;
      }
      if (matched?.action === 'FailJob' && !failJob) {
        const message = `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition or exit code matching FailJob rule at index ${matched.rule}`;
        failJob = { type: 'Failed', target: 'FailureTarget', reason: 'PodFailurePolicy', message };
      }
      uncountedFailed.add(uid);
    } else {
      continue;
    }
    releasePods.push(pod);
  }
  status.uncountedTerminatedPods = {};
  if (uncountedSucceeded.size > 0) status.uncountedTerminatedPods.succeeded = [...uncountedSucceeded].sort();
  if (uncountedFailed.size > 0) status.uncountedTerminatedPods.failed = [...uncountedFailed].sort();
  if (isIndexed(job)) {
    status.completedIndexes = formatIndexes(completed);
    status.succeeded = completed.size;
  }
  return { releasePods, failJob };
}

function succeededTotal(job: Job, status: JobStatus): number {
  if (isIndexed(job)) return status.succeeded ?? 0;
  return (status.succeeded ?? 0) + (status.uncountedTerminatedPods?.succeeded?.length ?? 0);
}

function failedTotal(status: JobStatus): number {
  return (status.failed ?? 0) + (status.uncountedTerminatedPods?.failed?.length ?? 0);
}

/**
 * successPolicy (Indexed Jobs): the index of the first rule the completed
 * indexes meet, which ends the Job early; undefined when none is met. A rule
 * whose succeededIndexes name no index within completions never matches.
 */
function matchedSuccessRule(job: Job, status: JobStatus): number | undefined {
  const rules = job.spec.successPolicy?.rules ?? [];
  if (!isIndexed(job) || rules.length === 0) return undefined;
  const completions = job.spec.completions ?? 0;
  const completed = parseIndexes(status.completedIndexes, completions);
  if (completed.size === 0) return undefined;
  const index = rules.findIndex((rule) => {
    const wanted = rule.succeededIndexes === undefined ? undefined : parseIndexes(rule.succeededIndexes, completions);
    if (wanted !== undefined && wanted.size === 0) return false;
    const pool = wanted ? [...wanted].filter((i) => completed.has(i)).length : completed.size;
    if (rule.succeededCount !== undefined) return pool >= rule.succeededCount;
    return wanted !== undefined && pool === wanted.size;
  });
  return index < 0 ? undefined : index;
}

function successTarget(job: Job, status: JobStatus, active: number): Terminal | undefined {
  const rule = matchedSuccessRule(job, status);
  if (rule !== undefined) {
    return { type: 'Complete', target: 'SuccessCriteriaMet', reason: 'SuccessPolicy', message: `Matched rules at index ${rule}` };
  }
  const succeeded = succeededTotal(job, status);
  const completions = job.spec.completions;
  const done = completions === undefined || completions === null ? succeeded > 0 && active === 0 : succeeded >= completions;
  return done ? { type: 'Complete', target: 'SuccessCriteriaMet', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' } : undefined;
}

/** backoffLimit, with OnFailure restarts of running pods counted as Kubernetes' pastBackoffLimitOnFailure does. */
function pastBackoffLimit(job: Job, status: JobStatus, activePods: readonly Pod[]): boolean {
  const limit = job.spec.backoffLimit ?? 6;
  if (failedTotal(status) > limit) return true;
  if (job.spec.template.spec.restartPolicy !== 'OnFailure') return false;
  const restarts = activePods.reduce((n, p) => n + restartCount(p), 0);
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

function deadlineLeftMs(job: Job, status: JobStatus, nowMs: number): number | undefined {
  const seconds = job.spec.activeDeadlineSeconds;
  const start = status.startTime ? Date.parse(status.startTime) : NaN;
  if (seconds === undefined || seconds === null || Number.isNaN(start) || job.spec.suspend) return undefined;
  return start + seconds * 1000 - nowMs;
}

/** The target already recorded, if any: a Job that was judged keeps its verdict. */
function recordedTarget(status: JobStatus): Terminal | undefined {
  const failure = jobCondition(status, 'FailureTarget');
  if (failure?.status === 'True') return { type: 'Failed', target: 'FailureTarget', reason: failure.reason ?? '', message: failure.message ?? '' };
  const success = jobCondition(status, 'SuccessCriteriaMet');
  if (success?.status === 'True') return { type: 'Complete', target: 'SuccessCriteriaMet', reason: success.reason ?? '', message: success.message ?? '' };
  return undefined;
}

function setCondition(status: JobStatus, type: string, value: 'True' | 'False', reason: string, message: string, nowIso: string): void {
  status.conditions = withCondition(status.conditions, type, value, reason, message, nowIso);
}

/** Pods to create: the lowest free indexes (Indexed) or a count (NonIndexed), within parallelism. */
function podsToCreate(job: Job, status: JobStatus, activePods: readonly Pod[]): (number | undefined)[] {
  const parallelism = job.spec.parallelism ?? 1;
  const room = parallelism - activePods.length;
  if (room <= 0) return [];
  if (isIndexed(job)) {
    const completions = job.spec.completions ?? 0;
    const taken = parseIndexes(status.completedIndexes, completions);
    for (const pod of activePods) {
      const i = completionIndexOf(pod);
      if (i !== undefined) taken.add(i);
    }
    const free: number[] = [];
    for (let i = 0; i < completions && free.length < Math.min(room, JOB_BURST); i++) if (!taken.has(i)) free.push(i);
    return free;
  }
  const completions = job.spec.completions;
  const succeeded = succeededTotal(job, status);
  const want = completions === undefined || completions === null ? (succeeded > 0 ? 0 : parallelism) : Math.min(parallelism, completions - succeeded);
  const count = Math.min(want - activePods.length, JOB_BURST);
  return Array.from({ length: Math.max(0, count) }, () => undefined);
}

/** Active pods beyond what the Job wants: over parallelism, or a second pod for one index. */
function podsToDelete(job: Job, status: JobStatus, activePods: readonly Pod[]): Pod[] {
  if (isIndexed(job)) {
    const seen = new Set<number>();
    const extra: Pod[] = [];
    const completions = job.spec.completions ?? 0;
    const completed = parseIndexes(status.completedIndexes, completions);
    for (const pod of activePods) {
      const i = completionIndexOf(pod);
      if (i === undefined || i >= completions || seen.has(i) || completed.has(i)) extra.push(pod);
      else seen.add(i);
    }
    return extra;
  }
  const parallelism = job.spec.parallelism ?? 1;
  const completions = job.spec.completions;
  const left = completions === undefined || completions === null ? parallelism : Math.max(0, completions - succeededTotal(job, status));
  const want = Math.min(parallelism, left);
  const excess = activePods.length - want;
  if (excess <= 0) return [];
  // Not yet running goes first, then the newest.
  const ranked = [...activePods].sort((a, b) => Number(Boolean(a.spec.nodeName)) - Number(Boolean(b.spec.nodeName)) || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
  return ranked.slice(0, excess);
}

export function planJob(input: JobInput, mayCreate: boolean): JobPlan {
  const { job, pods, nowMs } = input;
  const nowIso = metaTime(nowMs);
  const status: JobStatus = structuredClone(job.status ?? {});
  const events: JobEvent[] = [];
  const plan: JobPlan = { status, releasePods: [], deletePods: [], create: [], events };
  status.conditions = status.conditions ? [...status.conditions] : undefined;
  const { releasePods, failJob } = trackOutcomes(input, status);
  plan.releasePods = releasePods;

  const replaceTerminating = job.spec.podReplacementPolicy !== 'Failed';
  const activePods = pods.filter((p) => podOutcome(p, replaceTerminating) === 'active');
  const finished = hasTrueCondition(status, 'Complete') || hasTrueCondition(status, 'Failed');
  if (!finished) {
    if (job.spec.suspend) {
      if (!hasTrueCondition(status, 'Suspended')) {
        setCondition(status, 'Suspended', 'True', 'JobSuspended', 'Job suspended', nowIso);
        events.push({ type: 'Normal', reason: 'Suspended', message: 'Job suspended' });
      }
    } else {
      if (hasTrueCondition(status, 'Suspended')) {
        setCondition(status, 'Suspended', 'False', 'JobResumed', 'Job resumed', nowIso);
        events.push({ type: 'Normal', reason: 'Resumed', message: 'Job resumed' });
        status.startTime = nowIso;
      }
      status.startTime ??= nowIso;
    }
    let target = recordedTarget(status) ?? failJob;
    if (!target && pastBackoffLimit(job, status, activePods)) target = { type: 'Failed', target: 'FailureTarget', reason: 'BackoffLimitExceeded', message: BACKOFF_MESSAGE };
    const deadline = deadlineLeftMs(job, status, nowMs);
    if (!target && deadline !== undefined && deadline <= 0) target = { type: 'Failed', target: 'FailureTarget', reason: 'DeadlineExceeded', message: DEADLINE_MESSAGE };
    if (!target) target = successTarget(job, status, activePods.length);

    if (target) {
      if (!hasTrueCondition(status, target.target)) setCondition(status, target.target, 'True', target.reason, target.message, nowIso);
      plan.deletePods = [...activePods];
      const settled = activePods.length === 0 && !status.uncountedTerminatedPods?.succeeded && !status.uncountedTerminatedPods?.failed;
      if (settled) finish(status, target, nowIso, events);
    } else if (job.spec.suspend) {
      // As Kubernetes' deleteJobPods: the finalizer goes before the delete, so
      // a pod stopped by suspension is never tracked, let alone counted failed.
      plan.deletePods = [...activePods];
      plan.releasePods.push(...activePods);
    } else {
      plan.deletePods = podsToDelete(job, status, activePods);
      plan.releasePods.push(...plan.deletePods);
      if (mayCreate && plan.deletePods.length === 0) {
        const wanted = podsToCreate(job, status, activePods);
        const lastFailure = pods.filter((p) => podOutcome(p, replaceTerminating) === 'failed').map(finishTimeMs).filter((t): t is number => t !== undefined);
        const wait = remainingBackoffMs(failedTotal(status), lastFailure.length > 0 ? Math.max(...lastFailure) : undefined, nowMs);
        if (wanted.length > 0 && wait > 0) plan.requeueAfterMs = wait;
        else plan.create = wanted;
      }
      if (deadline !== undefined && deadline > 0) plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, deadline);
    }
  }

  const remaining = activePods.filter((p) => !plan.deletePods.includes(p));
  status.active = remaining.length;
  status.ready = remaining.filter(isPodReady).length;
  status.terminating = pods.filter((p) => p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
  status.succeeded ??= 0;
  status.failed ??= 0;
  if (!status.conditions || status.conditions.length === 0) delete status.conditions;
  return plan;
}

function finish(status: JobStatus, target: Terminal, nowIso: string, events: JobEvent[]): void {
  const conditions: JobCondition[] | undefined = status.conditions;
  status.conditions = withCondition(conditions, target.type, 'True', target.reason, target.message, nowIso);
  if (target.type === 'Complete') {
    status.completionTime = nowIso;
    events.push({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
  } else {
    events.push({ type: 'Warning', reason: target.reason, message: target.message });
  }
}
