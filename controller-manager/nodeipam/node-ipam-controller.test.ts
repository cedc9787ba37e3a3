// The node IPAM controller over a fake apiserver: subnets handed out once each,
// rebuilt from Nodes after a restart, freed with their Node, and an event when
// the cluster CIDR is full.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { internalError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { Node } from '../../api/types/index.js';
import { waitUntil } from '../../testkit/wait-until.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { fakeControllerContext, startInformers } from '../common/controller-fixtures.js';
import type { ControllerContext } from '../common/controller-context.js';
import { CIDR_NOT_AVAILABLE, NodeIpamController } from './node-ipam-controller.js';

function node(name: string, podCIDR?: string): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `uid-${name}` }, spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {} };
}

async function withController(fake: FakeApiClient, clusterCIDR: string, body: (c: NodeIpamController, ctx: ControllerContext) => Promise<void>): Promise<void> {
  const ctx = fakeControllerContext(fake);
  const controller = new NodeIpamController(ctx, { clusterCIDR, nodeCIDRMaskSize: 24 });
  await startInformers(ctx);
  try {
    controller.rebuild();
    await body(controller, ctx);
    await ctx.recorder.flush();
  } finally {
    await ctx.factory.stop();
  }
}

function stored(fake: FakeApiClient, name: string): Node['spec'] {
  return (fake.objects.get('nodes')?.get(name) as Node).spec;
}

test('each node gets its own subnet, in both fields', async () => {
  const fake = new FakeApiClient();
  for (const name of ['a', 'b']) fake.seed('nodes', node(name));
  await withController(fake, '10.244.0.0/16', async (c) => {
    await c.sync('a');
    await c.sync('b');
  });
  assert.deepEqual(stored(fake, 'a'), { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] });
  assert.deepEqual(stored(fake, 'b'), { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] });
});

test('after a restart the subnets Nodes already hold are not handed out again', async () => {
  const fake = new FakeApiClient();
  fake.seed('nodes', node('a', '10.244.0.0/24'));
  fake.seed('nodes', node('b', '10.244.2.0/24'));
  fake.seed('nodes', node('c'));
  await withController(fake, '10.244.0.0/16', async (c) => {
    await c.sync('c');
    await c.sync('a');
  });
  assert.equal(stored(fake, 'c')?.podCIDR, '10.244.1.0/24');
  assert.equal(stored(fake, 'a')?.podCIDR, '10.244.0.0/24', 'a node that has one keeps it');
});

test('a full range leaves the node without a CIDR and says why; a deleted node frees its subnet for it', async () => {
  const fake = new FakeApiClient();
  fake.seed('nodes', node('a', '10.244.0.0/24'));
  fake.seed('nodes', node('late'));
  await withController(fake, '10.244.0.0/24', async (c, ctx) => {
    await assert.rejects(c.sync('late'), /no pod CIDR of size \/24 is left in the cluster CIDR 10.244.0.0\/24/);
    const gone = fake.objects.get('nodes')?.get('a') as Node;
    fake.remove('nodes', 'a');
    (await fake.waitForWatches(1)).push({ type: 'DELETED', object: gone });
    await waitUntil('the cache to drop node a', () => !ctx.factory.informerFor<Node>(resources.nodes).store.get('', 'a'));
    await c.sync('a');
    await c.sync('late');
  });
  const events = [...(fake.objects.get('events')?.values() ?? [])] as { reason?: string; involvedObject?: { name?: string } }[];
  assert.ok(events.some((e) => e.reason === CIDR_NOT_AVAILABLE && e.involvedObject?.name === 'late'));
  assert.equal(stored(fake, 'late')?.podCIDR, '10.244.0.0/24');
});

test('a subnet outside the cluster CIDR (published by an agent) is left alone and not counted', async () => {
  const fake = new FakeApiClient();
  fake.seed('nodes', node('docker', '172.18.0.0/16'));
  fake.seed('nodes', node('b'));
  await withController(fake, '10.244.0.0/16', async (c) => {
    await c.sync('docker');
    await c.sync('b');
  });
  assert.equal(stored(fake, 'docker')?.podCIDR, '172.18.0.0/16');
  assert.equal(stored(fake, 'b')?.podCIDR, '10.244.0.0/24');
});

test('a write that fails keeps the subnet reserved for the node, and the retry writes the same one', async () => {
  const fake = new FakeApiClient();
  fake.seed('nodes', node('a'));
  fake.seed('nodes', node('b'));
  await withController(fake, '10.244.0.0/16', async (c) => {
    fake.writeErrors.push(internalError('etcd unavailable'));
    await assert.rejects(c.sync('a'), /etcd unavailable/);
    await c.sync('b');
    await c.sync('a');
  });
  assert.equal(stored(fake, 'a')?.podCIDR, '10.244.0.0/24');
  assert.equal(stored(fake, 'b')?.podCIDR, '10.244.1.0/24');
});
