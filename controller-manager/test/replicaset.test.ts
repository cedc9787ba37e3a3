// The ReplicaSet controller in the real controller-manager process, against a
// real apiserver and etcd; a fake agent binds pods and makes them Ready.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, ReplicaSet, WatchEvent } from '../../api/types/index.js';
import { eventually, isReady, livePods, ownedBy, podsOf, replicaSet, sleepMs } from '../../testkit/objects/workloads.js';
import { useControllerCluster } from '../../testkit/processes/controller-cluster.js';
import { resources } from '../../api/resources.js';

const NS = 'rs-it';
const RS = resources.replicaSets;
/** Long enough for a duplicate burst of creates to have shown up. */
const SETTLE_MS = 1_500;

const env = useControllerCluster({
  namespaces: [NS],
  agent: { nodes: ['rs-node-a', 'rs-node-b'] },
  controllerManagerArgs: ['--leader-elect=false', '--controllers', 'replicaset'],
});

async function rsStatus(name: string): Promise<ReplicaSet> {
  return env.client.get<ReplicaSet>(RS, NS, name);
}

test('creates exactly spec.replicas pods, owned, named <rs>-, and reports status', async () => {
  const maxSeen = { count: 0 };
  const watch = env.client.watch<Pod>(resources.pods, { namespace: NS, labelSelector: 'app=burst' });
  const seen = new Set<string>();
  const watching = (async () => {
    for await (const ev of watch as AsyncIterable<WatchEvent<Pod>>) {
      if (ev.type === 'ADDED') seen.add(ev.object.metadata.name ?? '');
      maxSeen.count = Math.max(maxSeen.count, seen.size);
    }
  })().catch(() => undefined);
  const rs = await env.client.create<ReplicaSet>(RS, replicaSet(NS, 'burst', 30, { app: 'burst' }));
  await eventually('30 ready replicas in status', async () => {
    const s = (await rsStatus('burst')).status;
    return s?.readyReplicas === 30 && s.availableReplicas === 30 && s.replicas === 30 && s.fullyLabeledReplicas === 30;
  });
  await sleepMs(SETTLE_MS);
  watch.cancel();
  await watching;
  assert.equal(maxSeen.count, 30, 'no pod beyond spec.replicas was ever created');
  const pods = await podsOf(env.client, NS, 'app=burst');
  assert.equal(pods.length, 30);
  for (const pod of pods) {
    assert.match(pod.metadata.name ?? '', /^burst-[a-z0-9]+$/);
    const ref = pod.metadata.ownerReferences?.[0];
    assert.deepEqual(ref, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'burst', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true });
  }
  const final = await rsStatus('burst');
  assert.equal(final.status?.observedGeneration, final.metadata.generation);
});

test('scales up and down; scale-down removes unscheduled and not-ready pods first', async () => {
  await env.client.create<ReplicaSet>(RS, replicaSet(NS, 'scale', 3, { app: 'scale' }));
  await eventually('3 ready', async () => (await rsStatus('scale')).status?.readyReplicas === 3);
  env.agent.setPaused(true);
  try {
    const rs = await rsStatus('scale');
    await env.client.update<ReplicaSet>(RS, { ...rs, spec: { ...rs.spec, replicas: 5 } });
    await eventually('5 pods', async () => livePods(await podsOf(env.client, NS, 'app=scale')).length === 5);
    const pending = livePods(await podsOf(env.client, NS, 'app=scale')).filter((p) => !p.spec.nodeName).map((p) => p.metadata.name);
    assert.equal(pending.length, 2);
    const again = await rsStatus('scale');
    await env.client.update<ReplicaSet>(RS, { ...again, spec: { ...again.spec, replicas: 3 } });
    await eventually('back to 3 pods', async () => livePods(await podsOf(env.client, NS, 'app=scale')).length === 3);
    const left = livePods(await podsOf(env.client, NS, 'app=scale'));
    for (const pod of left) assert.ok(!pending.includes(pod.metadata.name), `${pod.metadata.name} was pending and should have gone first`);
    assert.ok(left.every(isReady));
  } finally {
    env.agent.setPaused(false);
  }
  const rs = await rsStatus('scale');
  await env.client.update<ReplicaSet>(RS, { ...rs, spec: { ...rs.spec, replicas: 0 } });
  await eventually('0 pods', async () => (await podsOf(env.client, NS, 'app=scale')).length === 0);
  await eventually('status 0', async () => (await rsStatus('scale')).status?.replicas === 0);
});

test('replaces a deleted pod', async () => {
  await env.client.create<ReplicaSet>(RS, replicaSet(NS, 'heal', 2, { app: 'heal' }));
  await eventually('2 ready', async () => (await rsStatus('heal')).status?.readyReplicas === 2);
  const [victim] = await podsOf(env.client, NS, 'app=heal');
  await env.client.delete(resources.pods, NS, victim!.metadata.name ?? '');
  await eventually('a replacement, ready', async () => {
    const pods = livePods(await podsOf(env.client, NS, 'app=heal'));
    return pods.length === 2 && pods.every(isReady) && !pods.some((p) => p.metadata.uid === victim!.metadata.uid);
  });
});

test('adopts a matching orphan instead of creating, and releases a pod whose labels stop matching', async () => {
  const orphan = await env.client.create<Pod>(resources.pods, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'orphan-1', namespace: NS, labels: { app: 'adopt' } },
    spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] },
  });
  const rs = await env.client.create<ReplicaSet>(RS, replicaSet(NS, 'adopt', 2, { app: 'adopt' }));
  await eventually('2 ready', async () => (await rsStatus('adopt')).status?.readyReplicas === 2);
  const pods = livePods(await podsOf(env.client, NS, 'app=adopt'));
  assert.equal(pods.length, 2);
  const adopted = pods.find((p) => p.metadata.uid === orphan.metadata.uid);
  assert.ok(adopted, 'the orphan is one of the two');
  assert.equal(ownedBy([adopted], rs).length, 1);

  const fresh = await env.client.get<Pod>(resources.pods, NS, 'orphan-1');
  await env.client.update<Pod>(resources.pods, { ...fresh, metadata: { ...fresh.metadata, labels: { app: 'gone' } } });
  await eventually('released and replaced', async () => {
    const released = await env.client.get<Pod>(resources.pods, NS, 'orphan-1');
    const owned = ownedBy(livePods(await podsOf(env.client, NS, 'app=adopt')), rs);
    return !released.metadata.ownerReferences?.length && owned.length === 2;
  });
  await env.client.delete(resources.pods, NS, 'orphan-1', { gracePeriodSeconds: 0 });
});

test('availableReplicas waits for minReadySeconds', async () => {
  const spec = replicaSet(NS, 'minready', 2, { app: 'minready' });
  spec.spec.minReadySeconds = 3;
  await env.client.create<ReplicaSet>(RS, spec);
  await eventually('2 ready', async () => (await rsStatus('minready')).status?.readyReplicas === 2);
  const early = await rsStatus('minready');
  assert.equal(early.status?.availableReplicas ?? 0, 0, 'not available before minReadySeconds');
  await eventually('2 available', async () => (await rsStatus('minready')).status?.availableReplicas === 2, 10_000);
});
