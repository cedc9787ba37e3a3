// The StatefulSet controller in the real controller-manager process: ordered
// creation and deletion, Parallel, and a partitioned rolling update with
// ControllerRevisions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ControllerRevision, Pod, StatefulSet, WatchEvent } from '../../api/types/index.js';
import { eventually, isReady, livePods, podsOf, podTemplate, sleepMs } from '../../testkit/objects/workloads.js';
import { useControllerCluster } from '../../testkit/processes/controller-cluster.js';
import { resources } from '../../api/resources.js';

const NS = 'sts-it';
const STS = resources.statefulSets;
/** Long enough for an ordered controller that should wait to have gone ahead if it were going to. */
const QUIET_MS = 1_500;

const env = useControllerCluster({
  namespaces: [NS],
  agent: { nodes: ['sts-node'] },
  controllerManagerArgs: ['--leader-elect=false', '--controllers', 'statefulset'],
});

function statefulSet(name: string, replicas: number, extra: Partial<StatefulSet['spec']> = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: NS },
    spec: { replicas, serviceName: `${name}-svc`, selector: { matchLabels: { app: name } }, template: podTemplate({ app: name }), ...extra },
  };
}

async function edit(name: string, change: (s: StatefulSet) => void): Promise<void> {
  for (;;) {
    const s = await env.client.get<StatefulSet>(STS, NS, name);
    change(s);
    try {
      await env.client.update<StatefulSet>(STS, s);
      return;
    } catch (err) {
      if ((err as { reason?: string }).reason !== 'Conflict') throw err;
    }
  }
}

function watchEvents(app: string): { events: WatchEvent<Pod>[]; stop(): Promise<void> } {
  const events: WatchEvent<Pod>[] = [];
  const stream = env.client.watch<Pod>(resources.pods, { namespace: NS, labelSelector: `app=${app}` });
  const done = (async () => {
    for await (const ev of stream as AsyncIterable<WatchEvent<Pod>>) events.push(ev);
  })().catch(() => undefined);
  return {
    events,
    stop: async () => {
      stream.cancel();
      await done;
    },
  };
}

test('OrderedReady: created in order, each Ready before the next; stable names and hostnames; deleted in reverse', async () => {
  const w = watchEvents('web');
  await sleepMs(200);
  await env.client.create<StatefulSet>(STS, statefulSet('web', 3));
  await eventually('3 ready', async () => (await env.client.get<StatefulSet>(STS, NS, 'web')).status?.readyReplicas === 3);
  const ready = new Set<string>();
  const createdOrder: string[] = [];
  for (const ev of w.events) {
    const name = ev.object.metadata.name ?? '';
    if (ev.type === 'ADDED') {
      const ordinal = Number(name.split('-').pop());
      for (let i = 0; i < ordinal; i++) assert.ok(ready.has(`web-${i}`), `web-${ordinal} was created before web-${i} was ready`);
      createdOrder.push(name);
    }
    if (isReady(ev.object)) ready.add(name);
  }
  assert.deepEqual(createdOrder, ['web-0', 'web-1', 'web-2']);
  for (const pod of await podsOf(env.client, NS, 'app=web')) {
    assert.equal(pod.spec.hostname, pod.metadata.name);
    assert.equal(pod.spec.subdomain, 'web-svc');
    assert.equal(pod.metadata.labels?.['statefulset.kubernetes.io/pod-name'], pod.metadata.name);
  }
  const sts = await env.client.get<StatefulSet>(STS, NS, 'web');
  assert.ok(sts.status?.updateRevision?.startsWith('web-'));
  assert.equal(sts.status?.currentRevision, sts.status?.updateRevision);
  const revisions = (await env.client.list<ControllerRevision>(resources.controllerRevisions, { namespace: NS })).items.filter((r) => r.metadata.name?.startsWith('web-'));
  assert.deepEqual(revisions.map((r) => [r.metadata.name, r.revision]), [[sts.status?.updateRevision, 1]]);

  const before = w.events.length;
  await edit('web', (s) => {
    s.spec.replicas = 1;
  });
  await eventually('scaled to 1', async () => (await podsOf(env.client, NS, 'app=web')).map((p) => p.metadata.name).join() === 'web-0');
  await w.stop();
  const deletions = w.events.slice(before).filter((e) => e.type === 'DELETED').map((e) => e.object.metadata.name);
  assert.deepEqual(deletions, ['web-2', 'web-1']);
});

test('Parallel: all pods are created without waiting for readiness', async () => {
  env.agent.setPaused(true);
  try {
    await env.client.create<StatefulSet>(STS, statefulSet('par', 3, { podManagementPolicy: 'Parallel' }));
    await eventually('3 pods, none ready', async () => {
      const pods = await podsOf(env.client, NS, 'app=par');
      return pods.length === 3 && pods.every((p) => !isReady(p));
    });
  } finally {
    env.agent.setPaused(false);
  }
  const ordered = statefulSet('ord', 3);
  env.agent.setPaused(true);
  try {
    await env.client.create<StatefulSet>(STS, ordered);
    await eventually('ord-0 exists', async () => (await podsOf(env.client, NS, 'app=ord')).length === 1);
    await sleepMs(QUIET_MS);
    assert.equal((await podsOf(env.client, NS, 'app=ord')).length, 1, 'OrderedReady waits for ord-0');
  } finally {
    env.agent.setPaused(false);
  }
  await eventually('ord complete', async () => (await env.client.get<StatefulSet>(STS, NS, 'ord')).status?.readyReplicas === 3);
});

test('partitioned rolling update: reverse ordinal order, ordinals below the partition keep the current revision', async () => {
  await env.client.create<StatefulSet>(STS, statefulSet('part', 3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }));
  await eventually('3 ready', async () => (await env.client.get<StatefulSet>(STS, NS, 'part')).status?.readyReplicas === 3);
  const first = (await env.client.get<StatefulSet>(STS, NS, 'part')).status?.currentRevision;
  const w = watchEvents('part');
  await sleepMs(200);
  await edit('part', (s) => {
    s.spec.template.spec.containers[0]!.image = 'busybox:1.37';
  });
  const image = (name: string, pods: Pod[]) => pods.find((p) => p.metadata.name === name)?.spec.containers[0]?.image;
  await eventually('part-2 and part-1 updated and ready', async () => {
    const pods = livePods(await podsOf(env.client, NS, 'app=part'));
    const s = (await env.client.get<StatefulSet>(STS, NS, 'part')).status;
    return image('part-2', pods) === 'busybox:1.37' && image('part-1', pods) === 'busybox:1.37' && pods.every(isReady) && pods.length === 3 && s?.updatedReplicas === 2 && s.currentReplicas === 1;
  });
  await sleepMs(QUIET_MS);
  const pods = livePods(await podsOf(env.client, NS, 'app=part'));
  assert.equal(image('part-0', pods), 'busybox:1.36', 'part-0 is below the partition');
  const status = (await env.client.get<StatefulSet>(STS, NS, 'part')).status;
  assert.equal(status?.currentRevision, first);
  assert.notEqual(status?.updateRevision, first);
  const deletions = w.events.filter((e) => e.type === 'DELETED').map((e) => e.object.metadata.name);
  assert.deepEqual(deletions, ['part-2', 'part-1']);

  // A pod below the partition that is deleted comes back at the current revision.
  await env.client.delete(resources.pods, NS, 'part-0');
  await eventually('part-0 back, old image', async () => {
    const p = livePods(await podsOf(env.client, NS, 'app=part')).find((x) => x.metadata.name === 'part-0');
    return p !== undefined && isReady(p) && p.spec.containers[0]?.image === 'busybox:1.36';
  });

  await edit('part', (s) => {
    s.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
  });
  await eventually('all updated; current revision is the update revision', async () => {
    const s = (await env.client.get<StatefulSet>(STS, NS, 'part')).status;
    return s?.updatedReplicas === 3 && s.readyReplicas === 3 && s.currentRevision === s.updateRevision && s.currentRevision !== first;
  });
  await w.stop();
});

test('OnDelete: nothing is rolled, but a deleted pod comes back at the update revision', async () => {
  await env.client.create<StatefulSet>(STS, statefulSet('ondel', 2, { updateStrategy: { type: 'OnDelete' } }));
  await eventually('2 ready', async () => (await env.client.get<StatefulSet>(STS, NS, 'ondel')).status?.readyReplicas === 2);
  await edit('ondel', (s) => {
    s.spec.template.spec.containers[0]!.image = 'busybox:1.37';
  });
  await sleepMs(QUIET_MS);
  const image = (name: string, pods: Pod[]) => pods.find((p) => p.metadata.name === name)?.spec.containers[0]?.image;
  const before = livePods(await podsOf(env.client, NS, 'app=ondel'));
  assert.equal(image('ondel-0', before), 'busybox:1.36', 'OnDelete does not replace pods by itself');
  assert.equal(image('ondel-1', before), 'busybox:1.36');

  await env.client.delete(resources.pods, NS, 'ondel-1');
  await eventually('ondel-1 back with the new image', async () => {
    const p = livePods(await podsOf(env.client, NS, 'app=ondel')).find((x) => x.metadata.name === 'ondel-1');
    return p !== undefined && isReady(p) && p.spec.containers[0]?.image === 'busybox:1.37';
  });
  const status = (await env.client.get<StatefulSet>(STS, NS, 'ondel')).status;
  assert.equal(status?.updatedReplicas, 1);
  assert.equal(image('ondel-0', livePods(await podsOf(env.client, NS, 'app=ondel'))), 'busybox:1.36');
});

test('a Failed or Succeeded pod is deleted and recreated under the same name', async () => {
  await env.client.create<StatefulSet>(STS, statefulSet('term', 2));
  await eventually('2 ready', async () => (await env.client.get<StatefulSet>(STS, NS, 'term')).status?.readyReplicas === 2);
  // The fake agent would otherwise turn the pods back to Running. Highest ordinal first: OrderedReady
  // goes no further than a pod that is not ready, and the recreated one stays unready while the agent is paused.
  env.agent.setPaused(true);
  try {
    for (const [name, phase] of [['term-1', 'Succeeded'], ['term-0', 'Failed']] as const) {
      const before = await env.client.get<Pod>(resources.pods, NS, name);
      const ended = structuredClone(before);
      ended.status = { ...ended.status, phase, conditions: (ended.status?.conditions ?? []).map((c) => (c.type === 'Ready' ? { ...c, status: 'False' } : c)) };
      await env.client.updateStatus<Pod>(resources.pods, ended);
      await eventually(`${name} (${phase}) recreated`, async () => {
        const now = livePods(await podsOf(env.client, NS, 'app=term')).find((p) => p.metadata.name === name);
        return now !== undefined && now.metadata.uid !== before.metadata.uid;
      });
    }
  } finally {
    env.agent.setPaused(false);
  }
  await eventually('2 ready again', async () => (await env.client.get<StatefulSet>(STS, NS, 'term')).status?.readyReplicas === 2);
});
