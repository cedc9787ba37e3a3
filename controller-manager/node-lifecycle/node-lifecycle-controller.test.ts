import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from '../../api/types/index.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';
import { makeNode } from '../../testkit/objects/scheduling-objects.js';
import { fakeControllerContext, startInformers, stored } from '../common/controller-fixtures.js';
import { NodeLifecycleController } from './node-lifecycle-controller.js';
import { UNREACHABLE_TAINT_KEY } from './node-health.js';

const GRACE_MS = 40_000;
const OPTIONS = { monitorPeriodMs: 5_000, gracePeriodMs: GRACE_MS, evictionPeriodMs: 300_000 };

function readyNode(name: string, heartbeatMs: number): Node {
  const at = new Date(heartbeatMs).toISOString();
  const node = makeNode(name);
  node.status = { ...node.status, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: at, lastTransitionTime: at }] };
  return node;
}

function podOn(node: string, readySinceMs: number): Pod {
  const since = new Date(readySinceMs).toISOString();
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', uid: 'p-uid' },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: since }] },
  };
}

test('a node silent past the grace period by the controller clock turns Unknown, its taints and its pods dated by that clock', async () => {
  const clock = new ManualClock();
  const start = clock.now();
  const fake = new FakeApiClient();
  fake.seed('nodes', readyNode('n1', start));
  fake.seed('pods', podOn('n1', start));
  const ctx = fakeControllerContext(fake, clock);
  const controller = new NodeLifecycleController(ctx, OPTIONS);
  await startInformers(ctx);
  try {
    await controller.sync('n1');
    clock.advance(GRACE_MS);
    await controller.sync('n1');
    assert.equal(stored<Node>(fake, 'nodes', 'n1').status?.conditions?.[0]?.status, 'True', 'exactly the grace period is not yet too long');
    clock.advance(1);
    await controller.sync('n1');
  } finally {
    await ctx.factory.stop();
  }
  const silentAt = new Date(start + GRACE_MS + 1).toISOString();
  const node = stored<Node>(fake, 'nodes', 'n1');
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  assert.equal(ready?.status, 'Unknown');
  assert.equal(ready?.lastTransitionTime, silentAt);
  assert.deepEqual(
    node.spec?.taints?.map((t) => [t.key, t.effect, t.timeAdded]),
    [
      [UNREACHABLE_TAINT_KEY, 'NoSchedule', silentAt],
      [UNREACHABLE_TAINT_KEY, 'NoExecute', silentAt],
    ],
  );
  // The pod is marked not ready, then evicted: it tolerates no NoExecute taint.
  const podWrite = fake.calls.find((c) => c.method === 'update' && c.resource === 'pods')?.args[0] as Pod | undefined;
  const podReady = podWrite?.status?.conditions?.find((c) => c.type === 'Ready');
  assert.deepEqual([podReady?.status, podReady?.reason, podReady?.lastTransitionTime], ['False', 'NodeNotReady', silentAt]);
  assert.ok(fake.calls.some((c) => c.method === 'delete' && c.resource === 'pods'), 'evicted');
});
