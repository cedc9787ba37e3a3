// Node failure end to end: a node whose lease stops is marked Ready=Unknown
// and tainted, its pods are marked not ready and evicted once their
// toleration runs out (the one the apiserver adds, shortened by its flag), the
// ReplicaSet replaces them on the live node, and pod GC removes what is left
// once the node object is deleted. Also pod GC's terminated-pod threshold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod, ReplicaSet } from '../../api/types/index.js';
import { isApiError } from '../../api/errors.js';
import { eventually, isReady, livePods, podsOf, replicaSet } from '../../testkit/objects/workloads.js';
import { useControllerCluster } from '../../testkit/processes/controller-cluster.js';
import { resources } from '../../api/resources.js';

const NS = 'node-it';
const GC_NS = 'podgc-it';
const RS = resources.replicaSets;
const TOLERATION_SECONDS = 3;
const FLAGS = [
  '--leader-elect=false',
  '--controllers', 'replicaset,nodelifecycle,podgc',
  '--node-monitor-period', '500ms',
  '--node-monitor-grace-period', '3s',
  '--pod-eviction-period', '500ms',
  '--pod-gc-period', '1s',
  '--terminated-pod-gc-threshold', '2',
];

const env = useControllerCluster({
  namespaces: [NS, GC_NS],
  agent: { nodes: ['nl-a', 'nl-b'] },
  controllerManagerArgs: FLAGS,
  apiServerArgs: ['--default-unreachable-toleration-seconds', String(TOLERATION_SECONDS)],
});

test('lease expiry: Ready=Unknown, unreachable taints, pods not ready, evicted after their toleration, replaced elsewhere', async () => {
  await env.client.create<ReplicaSet>(RS, replicaSet(NS, 'nl', 4, { app: 'nl' }));
  await eventually('4 ready', async () => (await env.client.get<ReplicaSet>(RS, NS, 'nl')).status?.readyReplicas === 4);
  const onA = livePods(await podsOf(env.client, NS, 'app=nl')).filter((p) => p.spec.nodeName === 'nl-a');
  assert.ok(onA.length > 0, 'some pods run on nl-a');
  const seconds = (key: string) => onA[0]!.spec.tolerations?.find((t) => t.key === key)?.tolerationSeconds;
  assert.equal(seconds('node.kubernetes.io/not-ready'), 300, 'the apiserver adds the default not-ready toleration');
  assert.equal(seconds('node.kubernetes.io/unreachable'), TOLERATION_SECONDS, 'and the unreachable one for --default-unreachable-toleration-seconds');

  await eventually('nl-a stays Ready while its lease is renewed', async () => (await env.client.get<Node>(resources.nodes, '', 'nl-a')).status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True');
  env.agent.setNodes(['nl-b']);
  await eventually('nl-a Ready=Unknown with both unreachable taints', async () => {
    const node = await env.client.get<Node>(resources.nodes, '', 'nl-a');
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    const taints = node.spec?.taints ?? [];
    return ready?.status === 'Unknown' && ['NoSchedule', 'NoExecute'].every((e) => taints.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === e));
  }, 15_000);
  const b = await env.client.get<Node>(resources.nodes, '', 'nl-b');
  assert.equal(b.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  assert.equal(b.spec?.taints, undefined);

  await eventually('pods on nl-a evicted and replaced on nl-b', async () => {
    const pods = await podsOf(env.client, NS, 'app=nl');
    const live = livePods(pods);
    const stale = pods.filter((p) => p.spec.nodeName === 'nl-a');
    return live.length === 4 && live.every((p) => p.spec.nodeName === 'nl-b' && isReady(p)) && stale.every((p) => p.metadata.deletionTimestamp);
  }, 15_000);
  const stuck = (await podsOf(env.client, NS, 'app=nl')).filter((p) => p.spec.nodeName === 'nl-a');
  assert.ok(stuck.length > 0, 'with no agent on nl-a, its pods stay terminating');
  assert.ok(stuck.every((p) => !isReady(p)), 'and they were marked not ready');

  await env.client.delete(resources.nodes, '', 'nl-a');
  await eventually('pod GC removes pods bound to the deleted node', async () => (await podsOf(env.client, NS, 'app=nl')).every((p) => p.spec.nodeName === 'nl-b'));
});

test('pod GC keeps at most the threshold of terminated pods, deleting the oldest', async () => {
  for (let i = 0; i < 4; i++) {
    const pod = await env.client.create<Pod>(resources.pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: `done-${i}`, namespace: GC_NS }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } });
    await env.client.updateStatus<Pod>(resources.pods, { ...pod, status: { phase: 'Succeeded' } });
    await new Promise((r) => setTimeout(r, 1_100));
  }
  await eventually('two oldest gone', async () => {
    const names = (await env.client.list<Pod>(resources.pods, { namespace: GC_NS })).items.map((p) => p.metadata.name).sort();
    return names.join() === 'done-2,done-3';
  });
  for (const name of ['done-2', 'done-3']) {
    await env.client.delete(resources.pods, GC_NS, name).catch((err: unknown) => {
      if (!isApiError(err, 'NotFound')) throw err;
    });
  }
});
