import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job, Pod } from '../../api/types/index.js';
import { JOB_TRACKING_FINALIZER } from '../../api/batch/labels.js';
import { planJob, type JobInput } from './job-plan.js';
import { podForJob } from './job-pods.js';
import { failureBackoffMs } from './job-backoff.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');

function job(spec: Partial<Job['spec']> = {}, status: Job['status'] = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'ns', uid: 'job-uid' },
    spec: { parallelism: 2, completions: 5, backoffLimit: 6, completionMode: 'NonIndexed', template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } }, ...spec },
    status,
  };
}

let serial = 0;
function pod(phase: string, extra: Partial<Pod['metadata']> = {}, finishedAt?: string): Pod {
  serial++;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pi-${serial}`, namespace: 'ns', uid: `p${serial}`, finalizers: [JOB_TRACKING_FINALIZER], ...extra },
    spec: { containers: [{ name: 'c', image: 'busybox' }], nodeName: 'n' },
    status: { phase, containerStatuses: finishedAt ? [{ name: 'c', ready: false, restartCount: 0, image: 'busybox', state: { terminated: { exitCode: phase === 'Failed' ? 1 : 0, finishedAt } } }] : [] },
  } as Pod;
}

const input = (j: Job, pods: Pod[], nowMs = NOW, released: string[] = []): JobInput => ({ job: j, pods, nowMs, finalizerRemoved: new Set(released) });

test('a new Job starts parallelism pods and records its start time', () => {
  const plan = planJob(input(job(), []), true);
  assert.equal(plan.create.length, 2);
  assert.equal(plan.status.startTime, '2025-01-01T00:00:00Z');
  assert.equal(plan.status.active, 0);
});

test('never more pods than completions left', () => {
  const plan = planJob(input(job({}, { succeeded: 4 }), []), true);
  assert.equal(plan.create.length, 1);
});

test('a finished pod is recorded uncounted first, released after, and counted once its finalizer is gone', () => {
  const done = pod('Succeeded');
  const first = planJob(input(job(), [done, pod('Running')]), true);
  assert.deepEqual(first.status.uncountedTerminatedPods, { succeeded: [done.metadata.uid] });
  assert.equal(first.status.succeeded, 0);
  assert.deepEqual(first.releasePods.map((p) => p.metadata.uid), [done.metadata.uid]);

  // The controller restarts before releasing: the same pod is released again, not counted twice.
  const again = planJob(input(job({}, first.status), [done]), true);
  assert.deepEqual(again.status.uncountedTerminatedPods, { succeeded: [done.metadata.uid] });
  assert.equal(again.status.succeeded, 0);

  const releasedPod = { ...done, metadata: { ...done.metadata, finalizers: [] } };
  const counted = planJob(input(job({}, first.status), [releasedPod]), true);
  assert.deepEqual(counted.status.uncountedTerminatedPods, {});
  assert.equal(counted.status.succeeded, 1);
  // And a restart after counting sees a released pod it does not count again.
  const after = planJob(input(job({}, counted.status), [releasedPod]), true);
  assert.equal(after.status.succeeded, 1);
});

test('completes once all completions are counted and no pod runs', () => {
  const plan = planJob(input(job({}, { succeeded: 5, startTime: '2024-12-31T23:59:00Z' }), []), true);
  assert.deepEqual(plan.status.conditions?.map((c) => [c.type, c.status, c.reason]), [
    ['SuccessCriteriaMet', 'True', 'CompletionsReached'],
    ['Complete', 'True', 'CompletionsReached'],
  ]);
  assert.equal(plan.status.completionTime, '2025-01-01T00:00:00Z');
  assert.deepEqual(plan.events.map((e) => e.reason), ['Completed']);
  assert.equal(plan.create.length, 0);
});

test('fails with BackoffLimitExceeded past the limit, and waits out the backoff before that', () => {
  const failedAt = new Date(NOW - 3_000).toISOString();
  const waiting = planJob(input(job({ backoffLimit: 1, completions: 1, parallelism: 1 }, { failed: 1, startTime: '2024-12-31T23:59:00Z' }), [pod('Failed', { finalizers: [] }, failedAt)]), true);
  assert.equal(waiting.create.length, 0);
  assert.equal(waiting.requeueAfterMs, failureBackoffMs(1) - 3_000);
  const over = planJob(input(job({ backoffLimit: 1 }, { failed: 2, startTime: '2024-12-31T23:59:00Z' }), []), true);
  assert.ok(over.status.conditions?.some((c) => c.type === 'Failed' && c.reason === 'BackoffLimitExceeded'));
  assert.deepEqual(over.events.map((e) => [e.type, e.reason]), [['Warning', 'BackoffLimitExceeded']]);
});

test('the failure backoff doubles from 10 s and stops at 6 minutes', () => {
  assert.deepEqual([1, 2, 3, 4, 10].map(failureBackoffMs), [10_000, 20_000, 40_000, 80_000, 360_000]);
});

test('activeDeadlineSeconds kills the running pods and fails the Job with DeadlineExceeded once they are gone', () => {
  const running = pod('Running');
  const j = job({ activeDeadlineSeconds: 5 }, { startTime: new Date(NOW - 6_000).toISOString() });
  const plan = planJob(input(j, [running]), true);
  assert.deepEqual(plan.deletePods.map((p) => p.metadata.uid), [running.metadata.uid]);
  assert.ok(plan.status.conditions?.some((c) => c.type === 'FailureTarget' && c.reason === 'DeadlineExceeded'));
  assert.ok(!plan.status.conditions?.some((c) => c.type === 'Failed'));
  const later = planJob(input({ ...j, status: plan.status }, []), true);
  assert.ok(later.status.conditions?.some((c) => c.type === 'Failed' && c.reason === 'DeadlineExceeded'));
});

test('an Indexed Job creates its lowest free indexes and counts completed indexes', () => {
  const j = job({ completionMode: 'Indexed', completions: 3, parallelism: 3 });
  const zero = podForJob(j, 0);
  Object.assign(zero.metadata, { name: 'pi-0-x', uid: 'z' });
  zero.status = { phase: 'Succeeded' };
  const plan = planJob(input(j, [zero]), true);
  assert.deepEqual(plan.create, [1, 2]);
  assert.equal(plan.status.completedIndexes, '0');
  assert.equal(plan.status.succeeded, 1);
});

test('an Indexed pod carries its index as annotation, label, hostname and JOB_COMPLETION_INDEX', () => {
  const p = podForJob(job({ completionMode: 'Indexed' }), 3);
  assert.equal(p.metadata.generateName, 'pi-3-');
  assert.equal(p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'], '3');
  assert.equal(p.metadata.labels?.['batch.kubernetes.io/job-completion-index'], '3');
  assert.equal(p.spec.hostname, 'pi-3');
  assert.deepEqual(p.spec.containers[0].env, [
    { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } },
  ]);
  assert.deepEqual(p.metadata.finalizers, [JOB_TRACKING_FINALIZER]);
});

test('podFailurePolicy: Ignore does not count, FailJob fails the Job', () => {
  const rules = [
    { action: 'Ignore' as const, onExitCodes: { operator: 'In' as const, values: [42] } },
    { action: 'FailJob' as const, onExitCodes: { operator: 'In' as const, values: [1] } },
  ];
  const ignored = pod('Failed');
  ignored.status!.containerStatuses = [{ name: 'c', ready: false, restartCount: 0, image: 'b', state: { terminated: { exitCode: 42 } } }] as never;
  const plan = planJob(input(job({ podFailurePolicy: { rules } }), [ignored]), true);
  assert.deepEqual(plan.status.uncountedTerminatedPods, {});
  assert.equal(plan.releasePods.length, 1);
  const fatal = pod('Failed', {}, new Date(NOW).toISOString());
  const failing = planJob(input(job({ podFailurePolicy: { rules } }), [fatal]), true);
  assert.ok(failing.status.conditions?.some((c) => c.type === 'FailureTarget' && c.reason === 'PodFailurePolicy'));
});

test('a suspended Job deletes its pods and says so', () => {
  const running = pod('Running');
  const plan = planJob(input(job({ suspend: true }), [running]), true);
  assert.deepEqual(plan.deletePods.map((p) => p.metadata.uid), [running.metadata.uid]);
  assert.ok(plan.status.conditions?.some((c) => c.type === 'Suspended' && c.status === 'True'));
  assert.equal(plan.create.length, 0);
});

test('pods stopped because the Job was suspended are released before deletion and never counted failed', () => {
  const running = pod('Running');
  const suspended = job({ suspend: true });
  const first = planJob(input(suspended, [running]), true);
  assert.deepEqual(first.releasePods.map((p) => p.metadata.uid), [running.metadata.uid]);
  // Next pass: the pod is being deleted and the cache may still show the finalizer the controller removed.
  const terminating = { ...running, metadata: { ...running.metadata, deletionTimestamp: '2025-01-01T00:00:05Z' } };
  const second = planJob(input({ ...suspended, status: first.status }, [terminating], NOW + 5_000, [running.metadata.uid ?? '']), true);
  assert.equal(second.status.failed, 0);
  assert.deepEqual(second.status.uncountedTerminatedPods, {});
  const killed = { ...terminating, metadata: { ...terminating.metadata, finalizers: [] }, status: { phase: 'Failed' } } as Pod;
  const third = planJob(input({ ...suspended, status: second.status }, [killed], NOW + 10_000), true);
  assert.equal(third.status.failed, 0);
});

test('successPolicy names the first rule the completed indexes meet, as Kubernetes words it', () => {
  const indexed = job({ completionMode: 'Indexed', completions: 5, parallelism: 5, successPolicy: { rules: [{ succeededIndexes: '3-4' }, { succeededIndexes: '0', succeededCount: 1 }] } }, { completedIndexes: '0' });
  const plan = planJob(input(indexed, [pod('Running', { annotations: { 'batch.kubernetes.io/job-completion-index': '1' } })]), true);
  const met = plan.status.conditions?.find((c) => c.type === 'SuccessCriteriaMet');
  assert.equal(met?.reason, 'SuccessPolicy');
  assert.equal(met?.message, 'Matched rules at index 1');
});
