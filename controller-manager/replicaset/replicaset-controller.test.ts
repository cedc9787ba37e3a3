import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, ReplicaSet } from '../../api/types/index.js';
import type { WorkQueue } from '../../client/work-queue.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { assertAvailabilityFollowsClock, fakeControllerContext, readyOwnedPod, startInformers, type ReadyPodSync } from '../common/controller-fixtures.js';
import { ReplicaSetController } from './replicaset-controller.js';

const LABELS = { app: 'web' };
const MIN_READY_SECONDS = 10;

const replicaSet: ReplicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'ns', uid: 'rs-uid' },
  spec: { replicas: 1, minReadySeconds: MIN_READY_SECONDS, selector: { matchLabels: LABELS }, template: { metadata: { labels: LABELS }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
};

const SYNC: ReadyPodSync<ReplicaSet> = { owner: replicaSet, resource: 'replicasets', podName: 'web-a', podLabels: LABELS, build: (ctx) => new ReplicaSetController(ctx) };

test('a ready pod counts as available only once the clock has passed minReadySeconds', () => assertAvailabilityFollowsClock(SYNC, MIN_READY_SECONDS));

/** The pod as the scheduler's binding leaves it, then as the agent reports it: same labels and owner, one more field each. */
function podStages(): { pending: Pod; bound: Pod; ready: Pod } {
  const ready = readyOwnedPod(replicaSet, 'web-a', LABELS, Date.parse('2026-01-01T00:00:00Z'));
  const pending: Pod = { ...ready, status: { phase: 'Pending' } };
  const bound: Pod = { ...pending, spec: { ...pending.spec, nodeName: 'n1' } };
  return { pending, bound, ready: { ...ready, spec: bound.spec } };
}

test('a binding does not sync the ReplicaSet; the pod becoming ready does', async () => {
  const fake = new FakeApiClient();
  const stages = podStages();
  fake.seed('replicasets', replicaSet);
  const seeded = fake.seed('pods', stages.pending);
  const ctx = fakeControllerContext(fake);
  const controller = new ReplicaSetController(ctx);
  const queue = (controller as unknown as { queue: WorkQueue }).queue;
  await startInformers(ctx);
  try {
    const podWatch = fake.watches[fake.calls.filter((c) => c.method === 'watch').findIndex((c) => c.resource === 'pods')]!;
    while (queue.len() > 0) queue.done((await queue.get())!);
    let rv = Number(seeded.metadata.resourceVersion);
    const modified = async (pod: Pod): Promise<void> => {
      podWatch.push({ type: 'MODIFIED', object: { ...pod, metadata: { ...pod.metadata, resourceVersion: String(++rv) } } });
      await ctx.factory.waitForSync(1_000);
      await new Promise((resolve) => setImmediate(resolve));
    };
    await modified(stages.bound);
    assert.equal(queue.len(), 0, 'nothing the ReplicaSet counts changed');
    await modified(stages.ready);
    assert.equal(queue.len(), 1, 'readyReplicas changes');
  } finally {
    queue.shutDown();
    await ctx.factory.stop();
  }
});
