// Cascading deletion through ownerReferences with the three propagation
// policies, with the real controller-manager (replicaset, deployment and
// garbage collector controllers) and a fake agent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, KubeObject, Lease, OwnerReference, ReplicaSet, WatchEvent } from '../../api/types/index.js';
import { isApiError } from '../../api/errors.js';
import { deployment, eventually, podsOf, replicaSet } from '../../testkit/objects/workloads.js';
import { useControllerCluster } from '../../testkit/processes/controller-cluster.js';
import { objectExists } from '../../testkit/objects/object-exists.js';
import { resources, type ResourceInfo } from '../../api/resources.js';

const NS = 'gc-it';
const DEPLOY = resources.deployments;
const RS = resources.replicaSets;

const env = useControllerCluster({
  namespaces: [NS],
  agent: { nodes: ['gc-node-a'] },
  controllerManagerArgs: ['--leader-elect=false', '--controllers', 'replicaset,deployment,garbagecollector'],
});

async function gone(resource: ResourceInfo, name: string): Promise<boolean> {
  return !(await objectExists(env.client, resource, NS, name));
}

async function readyDeployment(name: string, replicas: number): Promise<void> {
  await env.client.create<Deployment>(DEPLOY, deployment(NS, name, replicas, { app: name }));
  await eventually(`${name} available`, async () => (await env.client.get<Deployment>(DEPLOY, NS, name)).status?.availableReplicas === replicas);
}

async function replicaSetsLabelled(app: string): Promise<ReplicaSet[]> {
  return (await env.client.list<ReplicaSet>(RS, { namespace: NS, labelSelector: `app=${app}` })).items;
}

test('Background: the deployment goes at once, then its ReplicaSet and pods', async () => {
  await readyDeployment('bg', 3);
  await env.client.delete(DEPLOY, NS, 'bg', { propagationPolicy: 'Background' });
  assert.equal(await gone(DEPLOY, 'bg'), true);
  await eventually('ReplicaSet and pods collected', async () => (await replicaSetsLabelled('bg')).length === 0 && (await podsOf(env.client, NS, 'app=bg')).length === 0);
});

test('Foreground: pods, then the ReplicaSet, then the deployment', async () => {
  await readyDeployment('fg', 3);
  const order: string[] = [];
  const watches = [env.client.watch<KubeObject>(DEPLOY, { namespace: NS }), env.client.watch<KubeObject>(RS, { namespace: NS, labelSelector: 'app=fg' }), env.client.watch<KubeObject>(resources.pods, { namespace: NS, labelSelector: 'app=fg' })];
  const loops = watches.map((w) =>
    (async () => {
      for await (const ev of w as AsyncIterable<WatchEvent<KubeObject>>) {
        if (ev.type === 'DELETED' && (ev.object.kind !== 'Deployment' || ev.object.metadata.name === 'fg')) order.push(ev.object.kind);
      }
    })().catch(() => undefined),
  );
  await new Promise((r) => setTimeout(r, 300));
  await env.client.delete(DEPLOY, NS, 'fg', { propagationPolicy: 'Foreground' });
  const held = await env.client.get<Deployment>(DEPLOY, NS, 'fg');
  assert.ok(held.metadata.deletionTimestamp);
  assert.ok(held.metadata.finalizers?.includes('foregroundDeletion'));
  await eventually('everything gone', async () => (await gone(DEPLOY, 'fg')) && (await replicaSetsLabelled('fg')).length === 0 && (await podsOf(env.client, NS, 'app=fg')).length === 0);
  await new Promise((r) => setTimeout(r, 300));
  for (const w of watches) w.cancel();
  await Promise.all(loops);
  assert.deepEqual(order, ['Pod', 'Pod', 'Pod', 'ReplicaSet', 'Deployment']);
});

test('Orphan: the ReplicaSet goes, its pods stay without an owner', async () => {
  const rs = await env.client.create<ReplicaSet>(RS, replicaSet(NS, 'orph', 2, { app: 'orph' }));
  await eventually('2 ready', async () => (await env.client.get<ReplicaSet>(RS, NS, 'orph')).status?.readyReplicas === 2);
  await env.client.delete(RS, NS, 'orph', { propagationPolicy: 'Orphan' });
  await eventually('ReplicaSet gone', () => gone(RS, 'orph'));
  const pods = await podsOf(env.client, NS, 'app=orph');
  assert.equal(pods.length, 2);
  for (const pod of pods) {
    assert.ok(!pod.metadata.ownerReferences?.some((r) => r.uid === rs.metadata.uid), 'no reference to the deleted owner');
    assert.equal(pod.metadata.deletionTimestamp, undefined);
  }
  for (const pod of pods) await env.client.delete(resources.pods, NS, pod.metadata.name ?? '', { gracePeriodSeconds: 0 });
});

test('a dependent whose owner never existed is collected', async () => {
  await env.client.create(resources.pods, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'dangling',
      namespace: NS,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'nope', uid: '00000000-0000-0000-0000-000000000000', controller: true }],
    },
    spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] },
  });
  await eventually('collected', async () => {
    try {
      const p = await env.client.get(resources.pods, NS, 'dangling');
      return Boolean(p.metadata.deletionTimestamp);
    } catch (err) {
      return isApiError(err, 'NotFound');
    }
  });
});

test('Foreground: a dependent another owner still holds is let go, not deleted', async () => {
  const LEASES = resources.leases;
  const lease = (name: string, ownerReferences?: OwnerReference[]): Lease => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: NS, ownerReferences }, spec: {} });
  const a = await env.client.create<Lease>(LEASES, lease('owner-a'));
  const b = await env.client.create<Lease>(LEASES, lease('owner-b'));
  const ref = (o: Lease): OwnerReference => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', name: o.metadata.name ?? '', uid: o.metadata.uid ?? '', blockOwnerDeletion: true });
  await env.client.create<Lease>(LEASES, lease('shared', [ref(a), ref(b)]));
  await env.client.delete(LEASES, NS, 'owner-a', { propagationPolicy: 'Foreground' });
  await eventually('owner-a gone', () => gone(LEASES, 'owner-a'));
  const shared = await env.client.get<Lease>(LEASES, NS, 'shared');
  assert.equal(shared.metadata.deletionTimestamp, undefined, 'owner-b still holds it');
  assert.deepEqual(shared.metadata.ownerReferences?.map((r: OwnerReference) => r.uid), [b.metadata.uid]);
});
