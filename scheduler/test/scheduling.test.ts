// The scheduler process against a real apiserver and etcd; nodes are plain
// objects (no agent). Each test brings its own nodes and removes them after,
// so tests do not see each other's capacity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, Pod, Taint } from '../../api/types/index.js';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';
import { waitFor } from '../../testkit/processes/child-process.js';
import { createNamespace, createNode, createPod } from '../../testkit/objects/cluster-objects.js';
import type { NodeShape, PodShape } from '../../testkit/objects/scheduling-objects.js';
import { startSchedulerProcess, type SchedulerProcess } from '../../testkit/processes/scheduler-process.js';
import { resources } from '../../api/resources.js';

const NS = 'sched-it';
const BIND_TIMEOUT_MS = 15_000;
/** How long a pod that should stay pending is watched for a wrong bind. */
const STAYS_PENDING_MS = 1_500;

let scheduler: SchedulerProcess;

const env = useControlPlane({}, {
  setUp: async ({ client, plane }) => {
    await createNamespace(client, NS);
    scheduler = await startSchedulerProcess(plane.apiserver.address, plane.logDir);
  },
  tearDown: async () => {
    await scheduler?.stop();
  },
});

/** Creates the nodes, runs `body`, then deletes the nodes. */
async function withNodes(nodes: Record<string, NodeShape>, body: () => Promise<void>): Promise<void> {
  for (const [name, shape] of Object.entries(nodes)) await createNode(env.client, name, shape);
  try {
    await body();
  } finally {
    for (const name of Object.keys(nodes)) await env.client.delete(resources.nodes, '', name).catch(() => undefined);
  }
}

function pod(name: string, shape: PodShape = {}): Promise<Pod> {
  return createPod(env.client, name, { namespace: NS, ...shape });
}

async function nodeOf(name: string): Promise<string> {
  return waitFor(
    `pod ${name} bound`,
    async () => (await env.client.get<Pod>(resources.pods, NS, name)).spec.nodeName || undefined,
    BIND_TIMEOUT_MS,
  );
}

async function unschedulableMessage(name: string): Promise<string> {
  return waitFor(
    `pod ${name} marked Unschedulable`,
    async () => {
      const p = await env.client.get<Pod>(resources.pods, NS, name);
      assert.equal(p.spec.nodeName, undefined, `pod ${name} was bound to ${p.spec.nodeName}`);
      const c = p.status?.conditions?.find((x) => x.type === 'PodScheduled');
      return c?.status === 'False' && c.reason === 'Unschedulable' ? c.message : undefined;
    },
    BIND_TIMEOUT_MS,
  );
}

async function staysPending(name: string): Promise<void> {
  await new Promise((r) => setTimeout(r, STAYS_PENDING_MS));
  assert.equal((await env.client.get<Pod>(resources.pods, NS, name)).spec.nodeName, undefined);
}

test('nodeSelector picks the labelled node', async () => {
  await withNodes({ 'sel-plain': {}, 'sel-ssd': { labels: { disk: 'ssd' } }, 'sel-hdd': { labels: { disk: 'hdd' } } }, async () => {
    await pod('sel-1', { spec: { nodeSelector: { disk: 'ssd' } } });
    await pod('sel-2', { spec: { nodeSelector: { disk: 'ssd' } } });
    assert.equal(await nodeOf('sel-1'), 'sel-ssd');
    assert.equal(await nodeOf('sel-2'), 'sel-ssd');
    await pod('sel-none', { spec: { nodeSelector: { disk: 'nvme' } } });
    assert.equal(
      await unschedulableMessage('sel-none'),
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
    );
  });
});

test('required node affinity with In, NotIn and Gt', async () => {
  await withNodes(
    {
      'aff-a': { labels: { zone: 'a', cores: '2' } },
      'aff-b': { labels: { zone: 'b', cores: '16' } },
      'aff-c': { labels: { zone: 'c', cores: '16' } },
    },
    async () => {
      await pod('aff-1', {
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [
                      { key: 'zone', operator: 'In', values: ['a', 'b'] },
                      { key: 'cores', operator: 'Gt', values: ['8'] },
                    ],
                  },
                ],
              },
            },
          },
        },
      });
      assert.equal(await nodeOf('aff-1'), 'aff-b');
      await pod('aff-2', {
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a', 'b'] }] }],
              },
            },
          },
        },
      });
      assert.equal(await nodeOf('aff-2'), 'aff-c');
    },
  );
});

test('taints: untolerated NoSchedule keeps pods off, a toleration lets them on', async () => {
  const taint: Taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
  await withNodes({ 'taint-1': { taints: [taint] }, 'taint-2': { taints: [taint] } }, async () => {
    await pod('taint-plain');
    assert.equal(await unschedulableMessage('taint-plain'), '0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: db}.');
    await pod('taint-ok', { spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] } });
    assert.match(await nodeOf('taint-ok'), /^taint-[12]$/);
  });
});

test('resources: requests are counted against allocatable, with the Kubernetes message and event', async () => {
  await withNodes({ 'res-1': { cpu: '2', memory: '2Gi' }, 'res-2': { cpu: '2', memory: '2Gi' }, 'res-small': { memory: '512Mi' } }, async () => {
    const names = ['res-a', 'res-b', 'res-c', 'res-d'];
    for (const n of names) await pod(n, { cpu: '1', memory: '1Gi' });
    const placed = await Promise.all(names.map(nodeOf));
    assert.deepEqual(placed.sort(), ['res-1', 'res-1', 'res-2', 'res-2']);
    await pod('res-e', { cpu: '1', memory: '1Gi' });
    const message = await unschedulableMessage('res-e');
    assert.equal(message, '0/3 nodes are available: 2 Insufficient cpu, 3 Insufficient memory.');
    const event = await waitFor(
      'FailedScheduling event',
      async () =>
        (await env.client.list<Event>(resources.events, { namespace: NS })).items.find(
          (e) => e.involvedObject.name === 'res-e' && e.reason === 'FailedScheduling',
        ),
      BIND_TIMEOUT_MS,
    );
    assert.equal(event.type, 'Warning');
    assert.equal(event.message, message);
  });
});

test('host ports: one pod per node and port', async () => {
  await withNodes({ 'port-1': {}, 'port-2': {} }, async () => {
    await pod('port-a', { hostPort: 8080 });
    await pod('port-b', { hostPort: 8080 });
    const nodes = [await nodeOf('port-a'), await nodeOf('port-b')];
    assert.deepEqual(nodes.sort(), ['port-1', 'port-2']);
    await pod('port-c', { hostPort: 8080 });
    assert.equal(
      await unschedulableMessage('port-c'),
      "0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports.",
    );
    await pod('port-d', { hostPort: 8081 });
    assert.match(await nodeOf('port-d'), /^port-[12]$/);
  });
});

test('pods of one owner are spread across nodes', async () => {
  await withNodes({ 'spread-1': {}, 'spread-2': {}, 'spread-3': {} }, async () => {
    const names = Array.from({ length: 6 }, (_, i) => `spread-${String.fromCharCode(97 + i)}`);
    for (const n of names) await pod(n, { ownerUid: 'rs-spread-uid' });
    const placed = await Promise.all(names.map(nodeOf));
    const counts = new Map<string, number>();
    for (const n of placed) counts.set(n, (counts.get(n) ?? 0) + 1);
    assert.deepEqual([...counts.values()], [2, 2, 2], `placement: ${placed.join(', ')}`);
  });
});

test('a cordoned node takes no pods until uncordoned', async () => {
  await withNodes({ 'cordon-1': { unschedulable: true } }, async () => {
    await pod('cordon-a');
    assert.equal(await unschedulableMessage('cordon-a'), '0/1 nodes are available: 1 node(s) were unschedulable.');
    await env.client.patch(resources.nodes, '', 'cordon-1', 'merge', { spec: { unschedulable: false } });
    assert.equal(await nodeOf('cordon-a'), 'cordon-1');
  });
});

test('an unschedulable pod is placed as soon as a fitting node is added', async () => {
  await withNodes({ 'grow-small': { memory: '1Gi' } }, async () => {
    await pod('grow-big', { memory: '4Gi' });
    assert.equal(await unschedulableMessage('grow-big'), '0/1 nodes are available: 1 Insufficient memory.');
    await staysPending('grow-big');
    const started = Date.now();
    await withNodes({ 'grow-large': { memory: '8Gi' } }, async () => {
      assert.equal(await nodeOf('grow-big'), 'grow-large');
    });
    // The node event moves it, well before the 60 s flush.
    assert.ok(Date.now() - started < 10_000);
  });
});

test('required pod anti-affinity keeps replicas on separate nodes', async () => {
  const antiAffinity = {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: { app: 'anti' } }, topologyKey: 'kubernetes.io/hostname' },
      ],
    },
  };
  await withNodes({ 'anti-1': {}, 'anti-2': {} }, async () => {
    await pod('anti-a', { labels: { app: 'anti' }, spec: { affinity: antiAffinity } });
    await pod('anti-b', { labels: { app: 'anti' }, spec: { affinity: antiAffinity } });
    assert.deepEqual([await nodeOf('anti-a'), await nodeOf('anti-b')].sort(), ['anti-1', 'anti-2']);
    await pod('anti-c', { labels: { app: 'anti' }, spec: { affinity: antiAffinity } });
    assert.equal(await unschedulableMessage('anti-c'), "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules.");
    await withNodes({ 'anti-3': {} }, async () => {
      assert.equal(await nodeOf('anti-c'), 'anti-3');
    });
  });
});

test('topology spread constraints (DoNotSchedule) override the resource preference', async () => {
  const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });
  await withNodes({ 'tsc-big': { cpu: '64', memory: '256Gi', labels: zone('a') }, 'tsc-small': { cpu: '4', memory: '8Gi', labels: zone('b') } }, async () => {
    const names = ['tsc-1', 'tsc-2', 'tsc-3', 'tsc-4'];
    for (const n of names) {
      await pod(n, {
        cpu: '500m',
        labels: { app: 'tsc' },
        spec: {
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'tsc' } } },
          ],
        },
      });
      await nodeOf(n);
    }
    const placed = await Promise.all(names.map(nodeOf));
    assert.equal(placed.filter((n) => n === 'tsc-big').length, 2, `placement: ${placed.join(', ')}`);
    assert.equal(placed.filter((n) => n === 'tsc-small').length, 2, `placement: ${placed.join(', ')}`);
  });
});

test('metrics count attempts by result and expose the queue', async () => {
  assert.ok((await scheduler.metric('scheduler_schedule_attempts_total', { result: 'scheduled' })) >= 10);
  assert.ok((await scheduler.metric('scheduler_schedule_attempts_total', { result: 'unschedulable' })) >= 1);
  const text = await scheduler.metrics();
  assert.match(text, /scheduler_e2e_scheduling_duration_seconds_bucket\{/);
  assert.match(text, /scheduler_pending_pods\{queue="unschedulable"\}/);
  assert.equal(await scheduler.metric('leader_election_master_status', { name: 'kube-scheduler' }), 1);
});
