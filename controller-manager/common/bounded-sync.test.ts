// One object with an absurd replica count must cost one bounded sync, not a
// process: what took the controller-manager down before the apiserver refused
// such counts, and what still holds for anything already stored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReplicaSet, StatefulSet } from '../../api/types/index.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { ReplicaSetController } from '../replicaset/replicaset-controller.js';
import { StatefulSetController } from '../statefulset/statefulset-controller.js';
import { fakeControllerContext } from './controller-fixtures.js';
import { BURST_REPLICAS } from './slow-start.js';

const HUGE = 2 ** 31;
const TEMPLATE = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };

const context = fakeControllerContext;

function creates(fake: FakeApiClient, resource: string): number {
  return fake.calls.filter((c) => c.method === 'create' && c.resource === resource).length;
}

test('a ReplicaSet asking for 2^31 pods gets one burst of creates per sync', async () => {
  const fake = new FakeApiClient();
  fake.seed<ReplicaSet>('replicasets', {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'huge', namespace: 'ns', uid: 'rs-uid' },
    spec: { replicas: HUGE, selector: { matchLabels: { app: 'x' } }, template: TEMPLATE },
  });
  const ctx = context(fake);
  const controller = new ReplicaSetController(ctx);
  ctx.factory.start();
  await ctx.factory.waitForSync(2_000);
  await controller.sync('ns/huge');
  assert.equal(creates(fake, 'pods'), BURST_REPLICAS);
  await ctx.factory.stop();
});

test('a Parallel StatefulSet asking for 2^31 pods allocates nothing in proportion and creates one burst', async () => {
  const fake = new FakeApiClient();
  fake.seed<StatefulSet>('statefulsets', {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'huge', namespace: 'ns', uid: 'sts-uid' },
    spec: { replicas: HUGE, podManagementPolicy: 'Parallel', serviceName: 's', selector: { matchLabels: { app: 'x' } }, template: TEMPLATE },
  });
  const ctx = context(fake);
  const controller = new StatefulSetController(ctx);
  ctx.factory.start();
  await ctx.factory.waitForSync(2_000);
  const heapBefore = process.memoryUsage().heapUsed;
  await controller.sync('ns/huge');
  assert.equal(creates(fake, 'pods'), BURST_REPLICAS);
  assert.ok(process.memoryUsage().heapUsed - heapBefore < 512 * 1024 * 1024, 'memory does not follow spec.replicas');
  await ctx.factory.stop();
});
