import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metaTime } from '../../api/meta-time.js';
import type { Job } from '../../api/types/index.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';
import { stored, syncOnce } from '../common/controller-fixtures.js';
import { JobController } from './job-controller.js';

const DEADLINE_SECONDS = 60;

function job(status: Job['status'] = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'ns', uid: 'job-uid' },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      activeDeadlineSeconds: DEADLINE_SECONDS,
      completionMode: 'NonIndexed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'job-uid' } },
      template: { metadata: { labels: { 'batch.kubernetes.io/controller-uid': 'job-uid' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
    },
    status,
  };
}

async function syncAt(j: Job, nowMs: number): Promise<Job['status']> {
  const fake = new FakeApiClient();
  fake.seed('jobs', j);
  await syncOnce(fake, new ManualClock(nowMs), (ctx) => new JobController(ctx), 'ns/pi');
  return stored<Job>(fake, 'jobs', 'ns/pi').status;
}

test('a Job starts at the controller clock time and fails its active deadline only once that clock passes it', async () => {
  const start = Date.parse('2024-03-01T12:00:00Z');
  assert.equal((await syncAt(job(), start))?.startTime, metaTime(start));
  const started = job({ startTime: metaTime(start), active: 0 });
  const before = await syncAt(started, start + DEADLINE_SECONDS * 1000 - 1);
  assert.deepEqual(before?.conditions ?? [], []);
  const after = await syncAt(started, start + DEADLINE_SECONDS * 1000);
  assert.deepEqual(
    after?.conditions?.map((c) => [c.type, c.reason, c.lastTransitionTime]),
    ['FailureTarget', 'Failed'].map((type) => [type, 'DeadlineExceeded', metaTime(start + DEADLINE_SECONDS * 1000)]),
  );
});
