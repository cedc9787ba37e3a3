// The DaemonSet controller in the real controller-manager process: one pod per
// eligible node, following nodes as they join, leave, change labels and get
// tainted; rolling update within maxUnavailable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ControllerRevision, DaemonSet, Node } from '../../api/types/index.js';
import { createReadyNode } from '../../testkit/fakes/fake-agent.js';
import { PodWatch } from '../../testkit/objects/pod-watch.js';
import { eventually, isReady, livePods, podsOf, podTemplate, sleepMs } from '../../testkit/objects/workloads.js';
import { useControllerCluster } from '../../testkit/processes/controller-cluster.js';
import { resources } from '../../api/resources.js';

const NS = 'ds-it';
const DS = resources.daemonSets;
const NODES = ['ds-a', 'ds-b'];

const env = useControllerCluster({
  namespaces: [NS],
  agent: { nodes: NODES },
  controllerManagerArgs: ['--leader-elect=false', '--controllers', 'daemonset'],
});

function daemonSet(name: string, nodeSelector?: Record<string, string>): DaemonSet {
  const template = podTemplate({ app: name });
  if (nodeSelector) Object.assign(template.spec, { nodeSelector });
  return { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace: NS }, spec: { selector: { matchLabels: { app: name } }, template } };
}

async function nodesWithPods(app: string): Promise<string[]> {
  return livePods(await podsOf(env.client, NS, `app=${app}`))
    .map((p) => p.spec.nodeName ?? '')
    .sort();
}

async function editNode(name: string, change: (n: Node) => void): Promise<void> {
  for (;;) {
    const node = await env.client.get<Node>(resources.nodes, '', name);
    change(node);
    try {
      await env.client.update<Node>(resources.nodes, node);
      return;
    } catch (err) {
      if ((err as { reason?: string }).reason !== 'Conflict') throw err;
    }
  }
}

test('one pod per node, created on its node; follows nodes joining, leaving and being tainted', async () => {
  await env.client.create<DaemonSet>(DS, daemonSet('agent'));
  await eventually('a ready pod on each node', async () => {
    const ds = await env.client.get<DaemonSet>(DS, NS, 'agent');
    const s = ds.status;
    return (await nodesWithPods('agent')).join() === 'ds-a,ds-b' && s?.desiredNumberScheduled === 2 && s.currentNumberScheduled === 2 && s.numberReady === 2 && s.numberAvailable === 2 && s.updatedNumberScheduled === 2;
  });
  for (const pod of livePods(await podsOf(env.client, NS, 'app=agent'))) {
    assert.ok(pod.spec.tolerations?.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.tolerationSeconds === undefined), 'daemon pods tolerate unreachable for ever');
  }

  env.agent.setNodes([...NODES, 'ds-c']);
  await createReadyNode(env.client, 'ds-c');
  await eventually('a pod on the new node', async () => (await nodesWithPods('agent')).join() === 'ds-a,ds-b,ds-c');

  await env.client.delete(resources.nodes, '', 'ds-c');
  await eventually('its pod removed with the node', async () => (await nodesWithPods('agent')).join() === 'ds-a,ds-b');
  env.agent.setNodes(NODES);

  await editNode('ds-b', (n) => {
    n.spec = { ...(n.spec ?? {}), taints: [{ key: 'maintenance', effect: 'NoSchedule' }] };
  });
  await eventually('NoSchedule: the pod stays but counts as misscheduled', async () => {
    const s = (await env.client.get<DaemonSet>(DS, NS, 'agent')).status;
    return s?.desiredNumberScheduled === 1 && s.numberMisscheduled === 1;
  });
  assert.equal((await nodesWithPods('agent')).join(), 'ds-a,ds-b');
  await editNode('ds-b', (n) => {
    n.spec = { ...(n.spec ?? {}), taints: [{ key: 'maintenance', effect: 'NoExecute' }] };
  });
  await eventually('NoExecute: the pod goes', async () => (await nodesWithPods('agent')).join() === 'ds-a');
  await editNode('ds-b', (n) => {
    n.spec = { ...(n.spec ?? {}), taints: [] };
  });
  await eventually('taint gone: the pod is back', async () => (await nodesWithPods('agent')).join() === 'ds-a,ds-b');
});

test('nodeSelector: pods only on matching nodes, added and removed as labels change', async () => {
  await editNode('ds-a', (n) => {
    n.metadata.labels = { ...(n.metadata.labels ?? {}), role: 'edge' };
  });
  await env.client.create<DaemonSet>(DS, daemonSet('edge', { role: 'edge' }));
  await eventually('only on ds-a', async () => (await nodesWithPods('edge')).join() === 'ds-a');
  await editNode('ds-b', (n) => {
    n.metadata.labels = { ...(n.metadata.labels ?? {}), role: 'edge' };
  });
  await eventually('ds-b joins', async () => (await nodesWithPods('edge')).join() === 'ds-a,ds-b');
  await editNode('ds-a', (n) => {
    const labels = { ...(n.metadata.labels ?? {}) };
    delete labels.role;
    n.metadata.labels = labels;
  });
  await eventually('ds-a leaves', async () => (await nodesWithPods('edge')).join() === 'ds-b');
});

test('rolling update replaces pods one node at a time (maxUnavailable 1)', async () => {
  env.agent.setNodes([...NODES, 'ds-d']);
  await createReadyNode(env.client, 'ds-d');
  await eventually('agent on 3 nodes', async () => (await nodesWithPods('agent')).join() === 'ds-a,ds-b,ds-d');
  await eventually('all ready', async () => (await env.client.get<DaemonSet>(DS, NS, 'agent')).status?.numberAvailable === 3);
  const watch = new PodWatch(env.client, NS, 'app=agent');
  await sleepMs(300);
  let minReady = Infinity;
  watch.onChange((t) => {
    minReady = Math.min(minReady, t.ready);
  });
  const ds = await env.client.get<DaemonSet>(DS, NS, 'agent');
  ds.spec.template.spec.containers[0]!.image = 'busybox:1.37';
  await env.client.update<DaemonSet>(DS, ds);
  await eventually('all updated and available', async () => {
    const s = (await env.client.get<DaemonSet>(DS, NS, 'agent')).status;
    const pods = livePods(await podsOf(env.client, NS, 'app=agent'));
    return s?.updatedNumberScheduled === 3 && s.numberAvailable === 3 && pods.length === 3 && pods.every((p) => isReady(p) && p.spec.containers[0]?.image === 'busybox:1.37');
  });
  await watch.stop();
  assert.ok(minReady >= 2, `ready daemon pods fell to ${minReady}`);
  const updated = await env.client.get<DaemonSet>(DS, NS, 'agent');
  const revisions = (await env.client.list<ControllerRevision>(resources.controllerRevisions, { namespace: NS })).items
    .filter((r) => r.metadata.ownerReferences?.some((o) => o.uid === updated.metadata.uid))
    .sort((a, b) => a.revision - b.revision);
  assert.deepEqual(revisions.map((r) => r.revision), [1, 2], 'one ControllerRevision per template');
  const hash = livePods(await podsOf(env.client, NS, 'app=agent'))[0]?.metadata.labels?.['controller-revision-hash'];
  assert.equal(revisions[1]?.metadata.name, `agent-${hash}`);
});

test('rolling update with maxSurge 1 and maxUnavailable 0: the new pod is ready before the old one goes', async () => {
  const spec = daemonSet('surge');
  spec.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
  await env.client.create<DaemonSet>(DS, spec);
  await eventually('surge on every node, available', async () => {
    const s = (await env.client.get<DaemonSet>(DS, NS, 'surge')).status;
    return (s?.desiredNumberScheduled ?? 0) > 1 && s?.numberAvailable === s?.desiredNumberScheduled;
  });
  const nodes = (await env.client.get<DaemonSet>(DS, NS, 'surge')).status?.desiredNumberScheduled ?? 0;
  const watch = new PodWatch(env.client, NS, 'app=surge');
  await sleepMs(300);
  let minReady = Infinity;
  let maxLive = 0;
  watch.onChange((t) => {
    minReady = Math.min(minReady, t.ready);
    maxLive = Math.max(maxLive, t.live);
  });
  const ds = await env.client.get<DaemonSet>(DS, NS, 'surge');
  ds.spec.template.spec.containers[0]!.image = 'busybox:1.37';
  await env.client.update<DaemonSet>(DS, ds);
  await eventually('all updated and available', async () => {
    const s = (await env.client.get<DaemonSet>(DS, NS, 'surge')).status;
    const pods = livePods(await podsOf(env.client, NS, 'app=surge'));
    return s?.updatedNumberScheduled === nodes && s.numberAvailable === nodes && pods.length === nodes && pods.every((p) => isReady(p) && p.spec.containers[0]?.image === 'busybox:1.37');
  });
  await watch.stop();
  assert.ok(minReady >= nodes, `ready daemon pods fell to ${minReady} of ${nodes}`);
  assert.ok(maxLive <= nodes + 1, `${maxLive} daemon pods at once on ${nodes} nodes with maxSurge 1`);
});
