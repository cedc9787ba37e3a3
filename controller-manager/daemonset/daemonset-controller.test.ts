import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DaemonSet, Pod } from '../../api/types/index.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';
import { makeNode } from '../../testkit/objects/scheduling-objects.js';
import { readyOwnedPod, stored, syncOnce } from '../common/controller-fixtures.js';
import { DaemonSetController } from './daemonset-controller.js';

const LABELS = { app: 'agent' };
const MIN_READY_SECONDS = 20;
const NODES = ['n1', 'n2'];

function daemonSet(updateStrategy: DaemonSet['spec']['updateStrategy']): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'ns', uid: 'ds-uid' },
    spec: { minReadySeconds: MIN_READY_SECONDS, updateStrategy, selector: { matchLabels: LABELS }, template: { metadata: { labels: LABELS }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
  };
}

/** One sync, `elapsedMs` after a pod of an older template became ready on each node. */
async function syncAfter(ds: DaemonSet, elapsedMs: number): Promise<{ fake: FakeApiClient; requeues: number[] }> {
  const clock = new ManualClock();
  const fake = new FakeApiClient();
  fake.seed('daemonsets', ds);
  for (const node of NODES) {
    fake.seed('nodes', makeNode(node));
    const pod: Pod = readyOwnedPod(ds, `agent-${node}`, { ...LABELS, 'controller-revision-hash': 'older' }, clock.now());
    pod.spec.nodeName = node;
    fake.seed('pods', pod);
  }
  clock.advance(elapsedMs);
  const requeues = await syncOnce(fake, clock, (ctx) => new DaemonSetController(ctx), 'ns/agent');
  return { fake, requeues };
}

function deletedPods(fake: FakeApiClient): number {
  return fake.calls.filter((c) => c.method === 'delete' && c.resource === 'pods').length;
}

test('a daemon pod counts as available only once the clock has passed minReadySeconds', async () => {
  const ds = daemonSet({ type: 'OnDelete' });
  const early = await syncAfter(ds, MIN_READY_SECONDS * 1000 - 1);
  const earlyStatus = stored<DaemonSet>(early.fake, 'daemonsets', 'ns/agent').status;
  assert.equal(earlyStatus?.numberReady, 2);
  assert.equal(earlyStatus?.numberAvailable, 0);
  assert.ok(early.requeues.length > 0, 'asks to look again when the pods will be available');
  const late = await syncAfter(ds, MIN_READY_SECONDS * 1000);
  assert.equal(stored<DaemonSet>(late.fake, 'daemonsets', 'ns/agent').status?.numberAvailable, 2);
});

test('a rolling update replaces old pods not yet available freely, available ones within maxUnavailable', async () => {
  const ds = daemonSet({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
  assert.equal(deletedPods((await syncAfter(ds, MIN_READY_SECONDS * 1000 - 1)).fake), 2);
  assert.equal(deletedPods((await syncAfter(ds, MIN_READY_SECONDS * 1000)).fake), 1);
});
