// The CronJob controller on a fake clock: one sync at a chosen instant over
// seeded CronJobs and Jobs, judged by the writes and events it makes.
import { CRONJOB_SCHEDULED_TIMESTAMP } from '../../api/batch/labels.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CronJob, Event, Job } from '../../api/types/index.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { newControllerRef } from '../common/controller-ref.js';
import { fakeControllerContext, recordRequeues, startInformers } from '../common/controller-fixtures.js';
import { CronJobController, jobNameFor, NEXT_SCHEDULE_SLACK_MS } from './cronjob-controller.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';

const MINUTE = 60_000;
/** A whole minute, so `*\/1` activations fall on T0 + k minutes. */
const T0 = Date.parse('2025-03-01T10:00:00Z');
const CREATED = '2025-03-01T10:00:10Z';

function cronJob(spec: Partial<CronJob['spec']> = {}, status: CronJob['status'] = {}): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'tick', namespace: 'ns', uid: 'cj-uid', creationTimestamp: CREATED },
    spec: {
      schedule: '*/1 * * * *',
      concurrencyPolicy: 'Allow',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } },
      ...spec,
    },
    status,
  };
}

type Outcome = 'running' | 'Complete' | 'Failed';

function ownedJob(cj: CronJob, scheduledMs: number, outcome: Outcome): Job {
  const at = new Date(scheduledMs).toISOString();
  const conditions = outcome === 'running' ? [] : [{ type: outcome, status: 'True' as const, lastTransitionTime: at }];
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: jobNameFor(cj, scheduledMs), namespace: 'ns', uid: `job-${scheduledMs}`, creationTimestamp: at, ownerReferences: [newControllerRef(cj)] },
    spec: structuredClone(cj.spec.jobTemplate.spec),
    status: { startTime: at, conditions, ...(outcome === 'Complete' ? { completionTime: at } : {}) },
  };
}

interface Run {
  fake: FakeApiClient;
  created: string[];
  deleted: string[];
  requeues: number[];
  events: Event[];
  status: CronJob['status'];
}

/** One sync of `cj` at `nowMs`, with `jobs` already in the cache. */
async function syncAt(cj: CronJob, nowMs: number, jobs: Job[] = []): Promise<Run> {
  const fake = new FakeApiClient();
  fake.seed('cronjobs', cj);
  for (const job of jobs) fake.seed('jobs', job);
  const ctx = fakeControllerContext(fake, new ManualClock(nowMs));
  const controller = new CronJobController(ctx);
  const requeues = recordRequeues(controller);
  await startInformers(ctx);
  try {
    await controller.sync('ns/tick');
    await ctx.recorder.flush();
  } finally {
    await ctx.factory.stop();
  }
  const names = (method: string): string[] =>
    fake.calls.filter((c) => c.method === method && c.resource === 'jobs').map((c) => (method === 'create' ? (c.args[0] as Job).metadata.name ?? '' : String(c.args[1])));
  const events = [...(fake.objects.get('events')?.values() ?? [])] as Event[];
  const stored = fake.objects.get('cronjobs')?.get('ns/tick') as CronJob;
  return { fake, created: names('create'), deleted: names('delete'), requeues, events, status: stored.status };
}

function reasons(run: Run): string[] {
  return run.events.map((e) => e.reason ?? '');
}

test('several missed minutes start one Job, for the latest, and the controller looks again just after the next', async () => {
  const now = T0 + 5 * MINUTE + 30_000;
  const run = await syncAt(cronJob(), now);
  assert.deepEqual(run.created, [jobNameFor(cronJob(), T0 + 5 * MINUTE)]);
  assert.equal(run.status?.lastScheduleTime, '2025-03-01T10:05:00Z');
  assert.equal(run.status?.active?.length, 1);
  assert.deepEqual(run.requeues, [30_000 + NEXT_SCHEDULE_SLACK_MS]);
  assert.ok(!reasons(run).includes('TooManyMissedTimes'));
});

test('more than 100 missed start times warn, and still start only one Job', async () => {
  const run = await syncAt(cronJob(), T0 + 200 * MINUTE + 1_000);
  assert.equal(run.created.length, 1);
  const warning = run.events.find((e) => e.reason === 'TooManyMissedTimes');
  assert.equal(warning?.type, 'Warning');
  assert.match(warning?.message ?? '', /too many missed start times: 200\. Set or decrease \.spec\.startingDeadlineSeconds or check clock skew/);
});

test('exactly 100 missed start times do not warn', async () => {
  const run = await syncAt(cronJob(), T0 + 100 * MINUTE + 1_000);
  assert.ok(!reasons(run).includes('TooManyMissedTimes'));
});

test('startingDeadlineSeconds: a schedule still inside its window starts, one past it does not', async () => {
  const now = T0 + 5 * MINUTE + 30_000;
  const inside = await syncAt(cronJob({ startingDeadlineSeconds: 60 }), now);
  assert.deepEqual(inside.created, [jobNameFor(cronJob(), T0 + 5 * MINUTE)]);
  const past = await syncAt(cronJob({ startingDeadlineSeconds: 10 }), now);
  assert.deepEqual(past.created, []);
  assert.equal(past.status?.lastScheduleTime, undefined);
  assert.deepEqual(past.requeues, [30_000 + NEXT_SCHEDULE_SLACK_MS]);
});

test('startingDeadlineSeconds also bounds how far back missed times are counted', async () => {
  const run = await syncAt(cronJob({ startingDeadlineSeconds: 600 }), T0 + 200 * MINUTE + 1_000);
  assert.ok(!reasons(run).includes('TooManyMissedTimes'));
  assert.equal(run.created.length, 1);
});

test('Forbid skips the schedule while the previous Job runs', async () => {
  const cj = cronJob({ concurrencyPolicy: 'Forbid' });
  const running = ownedJob(cj, T0 + MINUTE, 'running');
  cj.status = { lastScheduleTime: '2025-03-01T10:01:00Z', active: [{ kind: 'Job', name: running.metadata.name, namespace: 'ns', uid: running.metadata.uid }] };
  const run = await syncAt(cj, T0 + 2 * MINUTE + 5_000, [running]);
  assert.deepEqual(run.created, []);
  assert.deepEqual(run.deleted, []);
  assert.ok(reasons(run).includes('JobAlreadyActive'));
  assert.equal(run.status?.active?.[0]?.uid, running.metadata.uid);
});

test('Forbid starts the next Job once the previous one finished', async () => {
  const cj = cronJob({ concurrencyPolicy: 'Forbid' });
  const done = ownedJob(cj, T0 + MINUTE, 'Complete');
  cj.status = { lastScheduleTime: '2025-03-01T10:01:00Z', active: [{ kind: 'Job', name: done.metadata.name, namespace: 'ns', uid: done.metadata.uid }] };
  const run = await syncAt(cj, T0 + 2 * MINUTE + 5_000, [done]);
  assert.deepEqual(run.created, [jobNameFor(cj, T0 + 2 * MINUTE)]);
  assert.ok(reasons(run).includes('SawCompletedJob'));
});

test('Replace deletes the running Job and starts the new one', async () => {
  const cj = cronJob({ concurrencyPolicy: 'Replace' });
  const running = ownedJob(cj, T0 + MINUTE, 'running');
  cj.status = { lastScheduleTime: '2025-03-01T10:01:00Z', active: [{ kind: 'Job', name: running.metadata.name, namespace: 'ns', uid: running.metadata.uid }] };
  const run = await syncAt(cj, T0 + 2 * MINUTE + 5_000, [running]);
  assert.deepEqual(run.deleted, [running.metadata.name]);
  assert.deepEqual(run.created, [jobNameFor(cj, T0 + 2 * MINUTE)]);
  assert.deepEqual(run.status?.active?.map((r) => r.name), [jobNameFor(cj, T0 + 2 * MINUTE)]);
});

test('Allow starts the new Job beside the running one', async () => {
  const cj = cronJob();
  const running = ownedJob(cj, T0 + MINUTE, 'running');
  cj.status = { lastScheduleTime: '2025-03-01T10:01:00Z' };
  const run = await syncAt(cj, T0 + 2 * MINUTE + 5_000, [running]);
  assert.deepEqual(run.deleted, []);
  assert.equal(run.created.length, 1);
  assert.equal(run.status?.active?.length, 2);
});

test('history limits delete the oldest finished Jobs beyond each limit, never a running one', async () => {
  const cj = cronJob({ successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 1 });
  const jobs = [
    ownedJob(cj, T0 + MINUTE, 'Complete'),
    ownedJob(cj, T0 + 2 * MINUTE, 'Failed'),
    ownedJob(cj, T0 + 3 * MINUTE, 'Complete'),
    ownedJob(cj, T0 + 4 * MINUTE, 'Failed'),
    ownedJob(cj, T0 + 5 * MINUTE, 'Complete'),
    ownedJob(cj, T0 + 6 * MINUTE, 'running'),
  ];
  cj.status = { lastScheduleTime: '2025-03-01T10:06:00Z' };
  const run = await syncAt(cj, T0 + 6 * MINUTE + 5_000, jobs);
  assert.deepEqual(run.deleted.sort(), [jobs[0].metadata.name, jobs[1].metadata.name].sort());
  assert.equal(run.status?.lastSuccessfulTime, new Date(T0 + 5 * MINUTE).toISOString());
});

test('a suspended CronJob starts nothing and sets no timer', async () => {
  const run = await syncAt(cronJob({ suspend: true }), T0 + 5 * MINUTE + 30_000);
  assert.deepEqual(run.created, []);
  assert.deepEqual(run.requeues, []);
});

test('a Job already made for the scheduled time (status write lost) is not made again', async () => {
  const cj = cronJob();
  const existing = ownedJob(cj, T0 + 5 * MINUTE, 'running');
  const run = await syncAt(cj, T0 + 5 * MINUTE + 30_000, [existing]);
  assert.deepEqual(run.created, []);
  assert.equal(run.status?.active?.[0]?.uid, existing.metadata.uid);
});

test('a Job made by a pass whose status write was lost sets lastScheduleTime, even once the CronJob is suspended', async () => {
  const cj = cronJob({ suspend: true });
  const made = ownedJob(cj, T0 + 2 * MINUTE, 'running');
  made.metadata.annotations = { [CRONJOB_SCHEDULED_TIMESTAMP]: '2025-03-01T10:02:00Z' };
  const run = await syncAt(cj, T0 + 2 * MINUTE + 5_000, [made]);
  assert.deepEqual(run.created, []);
  assert.equal(run.status?.lastScheduleTime, '2025-03-01T10:02:00Z');
  assert.equal(run.status?.active?.length, 1);
});
