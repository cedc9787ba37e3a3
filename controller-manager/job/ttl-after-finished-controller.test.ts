// The TTL-after-finished controller on a fake clock: a finished Job goes
// ttlSecondsAfterFinished after it finished, not before, and the controller
// looks again exactly when it becomes due.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '../../api/types/index.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { fakeControllerContext, recordRequeues, startInformers } from '../common/controller-fixtures.js';
import { TtlAfterFinishedController } from './ttl-after-finished-controller.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';

const FINISHED = Date.parse('2025-03-01T10:00:00Z');

function job(ttl: number | undefined, condition?: 'Complete' | 'Failed'): Job {
  const at = new Date(FINISHED).toISOString();
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'once', namespace: 'ns', uid: 'job-uid' },
    spec: { ttlSecondsAfterFinished: ttl, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    status: condition ? { conditions: [{ type: condition, status: 'True', lastTransitionTime: at }], ...(condition === 'Complete' ? { completionTime: at } : {}) } : { active: 1 },
  };
}

async function syncAt(j: Job, nowMs: number): Promise<{ deleted: boolean; requeues: number[]; left: boolean }> {
  const fake = new FakeApiClient();
  fake.seed('jobs', j);
  const ctx = fakeControllerContext(fake, new ManualClock(nowMs));
  const controller = new TtlAfterFinishedController(ctx);
  const requeues = recordRequeues(controller);
  await startInformers(ctx);
  try {
    await controller.sync('ns/once');
  } finally {
    await ctx.factory.stop();
  }
  const deleted = fake.calls.some((c) => c.method === 'delete' && c.resource === 'jobs');
  return { deleted, requeues, left: fake.objects.get('jobs')?.has('ns/once') ?? false };
}

test('a completed Job is kept until its TTL ran out, and looked at again exactly then', async () => {
  const early = await syncAt(job(10, 'Complete'), FINISHED + 4_000);
  assert.equal(early.deleted, false);
  assert.deepEqual(early.requeues, [6_000]);
});

test('a completed Job is deleted once its TTL ran out', async () => {
  const due = await syncAt(job(10, 'Complete'), FINISHED + 10_000);
  assert.equal(due.deleted, true);
  assert.equal(due.left, false);
  assert.deepEqual(due.requeues, []);
});

test('a failed Job counts from its Failed condition too', async () => {
  assert.equal((await syncAt(job(5, 'Failed'), FINISHED + 4_999)).deleted, false);
  assert.equal((await syncAt(job(5, 'Failed'), FINISHED + 5_000)).deleted, true);
});

test('ttlSecondsAfterFinished 0 deletes at once', async () => {
  assert.equal((await syncAt(job(0, 'Complete'), FINISHED)).deleted, true);
});

test('a running Job and a Job without a TTL are left alone, with no timer', async () => {
  const running = await syncAt(job(10), FINISHED + 60_000);
  assert.equal(running.deleted, false);
  assert.deepEqual(running.requeues, []);
  const forever = await syncAt(job(undefined, 'Complete'), FINISHED + 3_600_000);
  assert.equal(forever.deleted, false);
  assert.deepEqual(forever.requeues, []);
});
