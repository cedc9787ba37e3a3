import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReplicaSet } from '../../api/types/index.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';
import { readyOwnedPod, stored, syncOnce } from '../common/controller-fixtures.js';
import { ReplicaSetController } from './replicaset-controller.js';

const LABELS = { app: 'web' };
const MIN_READY_SECONDS = 10;

const replicaSet: ReplicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'ns', uid: 'rs-uid' },
  spec: { replicas: 1, minReadySeconds: MIN_READY_SECONDS, selector: { matchLabels: LABELS }, template: { metadata: { labels: LABELS }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
};

async function statusAfter(elapsedMs: number): Promise<{ status: ReplicaSet['status']; requeues: number[] }> {
  const clock = new ManualClock();
  const fake = new FakeApiClient();
  fake.seed('replicasets', replicaSet);
  fake.seed('pods', readyOwnedPod(replicaSet, 'web-a', LABELS, clock.now()));
  clock.advance(elapsedMs);
  const requeues = await syncOnce(fake, clock, (ctx) => new ReplicaSetController(ctx), 'ns/web');
  return { status: stored<ReplicaSet>(fake, 'replicasets', 'ns/web').status, requeues };
}

test('a ready pod counts as available only once the clock has passed minReadySeconds', async () => {
  const early = await statusAfter(MIN_READY_SECONDS * 1000 - 1);
  assert.equal(early.status?.readyReplicas, 1);
  assert.equal(early.status?.availableReplicas ?? 0, 0);
  assert.equal(early.requeues.length, 1, 'asks to look again when the pod will be available');
  assert.ok(early.requeues[0]! >= 1 && early.requeues[0]! < MIN_READY_SECONDS * 1000, `requeue after ${early.requeues[0]} ms`);
  const late = await statusAfter(MIN_READY_SECONDS * 1000);
  assert.equal(late.status?.availableReplicas, 1);
  assert.deepEqual(late.requeues, []);
});
