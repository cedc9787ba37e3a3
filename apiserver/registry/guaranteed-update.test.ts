// Updates, patches and bindings start from the watch cache's copy and fall
// back to etcd whenever that copy could not prove itself by a write.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { deepFreeze } from '../../api/deep-freeze.js';
import type { ObjectCache, ResourceCacheView } from './object-cache.js';
import { harness, type Harness } from './registry-fixtures.js';

const PODS = findResource('pods') as ResourceInfo;

function pod(name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] },
  };
}

/** A cache that answers every pod key with `held` (frozen, as the watch cache keeps it). */
function cacheHolding(held: KubeObject): ObjectCache {
  const frozen = deepFreeze(structuredClone(held));
  const view: ResourceCacheView = {
    revision: () => Number(frozen.metadata.resourceVersion),
    get: (key) => (key.endsWith(`/${frozen.metadata.name ?? ''}`) ? frozen : undefined),
    itemsUnder: () => [],
    waitUntil: async () => true,
  };
  return { of: (info) => (info === PODS ? view : undefined) };
}

/** Counts reads that reach the store. */
function countGets(h: Harness): { count: number } {
  const counter = { count: 0 };
  const get = h.store.get.bind(h.store);
  h.store.get = async (key) => {
    counter.count++;
    return get(key);
  };
  return counter;
}

async function podWithTwoVersions(h: Harness): Promise<{ older: KubeObject; current: KubeObject }> {
  const older = await h.registry.create(PODS, 'default', JSON.stringify(pod('web', { v: '1' })));
  const current = await h.registry.update(PODS, 'default', JSON.stringify({ ...older, metadata: { ...older.metadata, labels: { v: '2' } } }));
  return { older, current };
}

function withLabels(obj: KubeObject, labels: Record<string, string>, resourceVersion?: string): string {
  const metadata = { ...obj.metadata, labels };
  if (resourceVersion === undefined) delete metadata.resourceVersion;
  else metadata.resourceVersion = resourceVersion;
  return JSON.stringify({ ...obj, metadata });
}

describe('guaranteed update from the watch cache', () => {
  it('writes from a current cached copy without reading etcd', async () => {
    const h = await harness();
    const { current } = await podWithTwoVersions(h);
    h.registry.ctx.cache = cacheHolding(current);
    const gets = countGets(h);
    const updated = await h.registry.update(PODS, 'default', withLabels(current, { v: '3' }, current.metadata.resourceVersion));
    assert.equal(gets.count, 0);
    assert.deepEqual(updated.metadata.labels, { v: '3' });
    assert.deepEqual((await h.registry.get(PODS, 'default', 'web')).metadata.labels, { v: '3' });
  });

  it('reads etcd again when the cached copy lost the race, and keeps what the newer version has', async () => {
    const h = await harness();
    const { older, current } = await podWithTwoVersions(h);
    h.registry.ctx.cache = cacheHolding(older);
    const patched = await h.registry.patch(PODS, 'default', 'web', 'MERGE', JSON.stringify({ metadata: { annotations: { a: 'b' } } }));
    assert.deepEqual(patched.metadata.labels, { v: '2' });
    assert.deepEqual(patched.metadata.annotations, { a: 'b' });
    assert.ok(Number(patched.metadata.resourceVersion) > Number(current.metadata.resourceVersion));
  });

  it('does not take a stale copy that already matches the update for a no-op', async () => {
    const h = await harness();
    const { older } = await podWithTwoVersions(h);
    h.registry.ctx.cache = cacheHolding(older);
    // The same labels as the stale copy: against etcd this is a change and must be stored.
    await h.registry.update(PODS, 'default', withLabels(older, { v: '1' }));
    assert.deepEqual((await h.registry.get(PODS, 'default', 'web')).metadata.labels, { v: '1' });
  });

  it('checks a resourceVersion precondition against etcd when the cached copy is behind', async () => {
    const h = await harness();
    const { older, current } = await podWithTwoVersions(h);
    h.registry.ctx.cache = cacheHolding(older);
    const updated = await h.registry.update(PODS, 'default', withLabels(current, { v: '3' }, current.metadata.resourceVersion));
    assert.deepEqual(updated.metadata.labels, { v: '3' });
    await assert.rejects(
      h.registry.update(PODS, 'default', withLabels(current, { v: '4' }, current.metadata.resourceVersion)),
      (err) => isApiError(err, 'Conflict'),
    );
  });

  it('binds a pod recreated under the name of a bound pod the cache still holds', async () => {
    const h = await harness();
    const first = await h.registry.create(PODS, 'default', JSON.stringify(pod('db')));
    const bound = await h.registry.bind('default', JSON.stringify({ metadata: { name: 'db', uid: first.metadata.uid }, target: { kind: 'Node', name: 'node-a' } }));
    await h.registry.delete(PODS, 'default', 'db', JSON.stringify({ gracePeriodSeconds: 0 }));
    const second = await h.registry.create(PODS, 'default', JSON.stringify(pod('db')));
    h.registry.ctx.cache = cacheHolding(bound);
    const rebound = await h.registry.bind('default', JSON.stringify({ metadata: { name: 'db', uid: second.metadata.uid }, target: { kind: 'Node', name: 'node-b' } }));
    assert.equal((rebound.spec as { nodeName?: string }).nodeName, 'node-b');
    assert.equal(rebound.metadata.uid, second.metadata.uid);
  });

  it('answers a refusal from etcd, not from the cached copy', async () => {
    const h = await harness();
    const created = await h.registry.create(PODS, 'default', JSON.stringify(pod('api')));
    const bound = await h.registry.bind('default', JSON.stringify({ metadata: { name: 'api' }, target: { kind: 'Node', name: 'node-a' } }));
    h.registry.ctx.cache = cacheHolding(created);
    await assert.rejects(
      h.registry.bind('default', JSON.stringify({ metadata: { name: 'api' }, target: { kind: 'Node', name: 'node-b' } })),
      (err) => isApiError(err, 'Conflict') && /already assigned to node "node-a"/.test(err.message),
    );
    assert.equal(((await h.registry.get(PODS, 'default', 'api')).spec as { nodeName?: string }).nodeName, 'node-a');
    assert.equal(bound.metadata.uid, created.metadata.uid);
  });

  it('deletes by a uid precondition that only the pod in etcd meets, and answers NotFound for a pod only the cache still has', async () => {
    const h = await harness();
    const old = await h.registry.create(PODS, 'default', JSON.stringify(pod('job')));
    await h.registry.delete(PODS, 'default', 'job', JSON.stringify({ gracePeriodSeconds: 0 }));
    const current = await h.registry.create(PODS, 'default', JSON.stringify(pod('job')));
    h.registry.ctx.cache = cacheHolding(old);
    const outcome = await h.registry.delete(PODS, 'default', 'job', JSON.stringify({ gracePeriodSeconds: 0, preconditions: { uid: current.metadata.uid } }));
    assert.equal(outcome.deleted, true);
    await assert.rejects(h.registry.delete(PODS, 'default', 'job', JSON.stringify({ gracePeriodSeconds: 0 })), (err) => isApiError(err, 'NotFound'));
  });
  describe('server-side apply', () => {
    const APPLY = { manager: 'kubectl', force: false, dryRun: false, status: false };
    const config = (labels: Record<string, string>): Record<string, unknown> => ({ ...pod('web', labels), metadata: { name: 'web', namespace: 'default', labels } });

    it('applies to a current cached copy without reading etcd', async () => {
      const h = await harness();
      const first = await h.registry.apply(PODS, 'default', 'web', config({ v: '1' }), APPLY);
      assert.equal(first.created, true);
      h.registry.ctx.cache = cacheHolding(first.object);
      const gets = countGets(h);
      const applied = await h.registry.apply(PODS, 'default', 'web', config({ v: '2' }), APPLY);
      assert.equal(gets.count, 0);
      assert.equal(applied.created, false);
      assert.deepEqual((await h.registry.get(PODS, 'default', 'web')).metadata.labels, { v: '2' });
    });

    it('applies to what etcd has when the cached copy is stale, keeping the newer version\'s fields', async () => {
      const h = await harness();
      const first = await h.registry.apply(PODS, 'default', 'web', config({ v: '1' }), APPLY);
      await h.registry.patch(PODS, 'default', 'web', 'MERGE', JSON.stringify({ metadata: { annotations: { other: 'writer' } } }));
      h.registry.ctx.cache = cacheHolding(first.object);
      const applied = await h.registry.apply(PODS, 'default', 'web', config({ v: '2' }), APPLY);
      assert.deepEqual(applied.object.metadata.labels, { v: '2' });
      assert.deepEqual(applied.object.metadata.annotations, { other: 'writer' });
    });

    it('creates an object that neither the cache nor etcd holds', async () => {
      const h = await harness();
      h.registry.ctx.cache = cacheHolding(pod('other'));
      const applied = await h.registry.apply(PODS, 'default', 'web', config({ v: '1' }), APPLY);
      assert.equal(applied.created, true);
      assert.deepEqual((await h.registry.get(PODS, 'default', 'web')).metadata.labels, { v: '1' });
    });
  });
});
