// Lists and namespace checks served from the watch cache over the in-memory
// store: the same answers as etcd reads, read-your-writes for consistent
// lists, and etcd left alone for the reads the cache serves.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import type { KubeList } from '../../api/types/index.js';
import { MemoryStore } from '../storage/memory-store.js';
import { harness, type Harness } from './registry-fixtures.js';

const CONFIGMAPS = findResource('configmaps') as ResourceInfo;
const NAMESPACES = findResource('namespaces') as ResourceInfo;

function configMap(name: string, namespace = 'default', labels: Record<string, string> = {}): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data: { k: name } });
}

function names(list: KubeList): string[] {
  return list.items.map((item) => item.metadata.name ?? '');
}

/** A memory store that counts full reads of a prefix (what the cache exists to avoid). */
class CountingStore extends MemoryStore {
  ranges = 0;
  override range(...args: Parameters<MemoryStore['range']>): ReturnType<MemoryStore['range']> {
    this.ranges++;
    return super.range(...args);
  }
}

let current: Harness | undefined;
afterEach(() => current?.watches?.stop());

async function cached(): Promise<Harness & { store: CountingStore }> {
  const store = new CountingStore();
  current = await harness({ store, cached: true });
  return current as Harness & { store: CountingStore };
}

describe('lists from the watch cache', () => {
  it('sees a create and a delete at once in a consistent list, without reading the prefix from the store', async () => {
    const { registry, store } = await cached();
    await registry.create(CONFIGMAPS, 'default', configMap('b'));
    await registry.create(CONFIGMAPS, 'default', configMap('a'));
    store.ranges = 0;
    assert.deepEqual(names(await registry.list(CONFIGMAPS, 'default')), ['a', 'b']);
    await registry.delete(CONFIGMAPS, 'default', 'a');
    const after = await registry.list(CONFIGMAPS, 'default');
    assert.deepEqual(names(after), ['b']);
    assert.equal(store.ranges, 0);
    assert.equal(after.metadata.resourceVersion, String(await store.currentRevision()));
  });

  it('answers a list at resourceVersion=0 and a not-older-than list with the same items as the store', async () => {
    const { registry, store } = await cached();
    const created = await registry.create(CONFIGMAPS, 'default', configMap('x', 'default', { app: 'web' }));
    await registry.create(CONFIGMAPS, 'kube-system', configMap('y', 'kube-system', { app: 'db' }));
    store.ranges = 0;
    const any = await registry.list(CONFIGMAPS, '', '', '', { resourceVersion: '0' });
    const fromStore = (await store.range('/registry/core/configmaps/')).items.map((kv) => kv.key.split('/').pop());
    assert.deepEqual(names(any), fromStore);
    const notOlder = await registry.list(CONFIGMAPS, '', 'app=web', '', { resourceVersion: created.metadata.resourceVersion });
    assert.deepEqual(names(notOlder), ['x']);
    assert.deepEqual(names(await registry.list(CONFIGMAPS, 'kube-system', '', 'metadata.name=y', { resourceVersion: '0' })), ['y']);
    assert.equal(store.ranges, 1, 'only the comparison read touched the store');
  });

  it('pages a resourceVersion=0 list from the cache and continues it from the store at the same revision', async () => {
    const { registry } = await cached();
    for (const name of ['a', 'b', 'c', 'd', 'e']) await registry.create(CONFIGMAPS, 'default', configMap(name));
    const first = await registry.list(CONFIGMAPS, 'default', '', '', { resourceVersion: '0', limit: 2 });
    assert.deepEqual(names(first), ['a', 'b']);
    assert.equal(first.metadata.remainingItemCount, 3);
    await registry.create(CONFIGMAPS, 'default', configMap('bb'));
    const second = await registry.list(CONFIGMAPS, 'default', '', '', { limit: 10, continue: first.metadata.continue });
    assert.deepEqual(names(second), ['c', 'd', 'e']);
    assert.equal(second.metadata.resourceVersion, first.metadata.resourceVersion);
  });

  it('answers Too large resource version for a revision the store has not reached', async () => {
    const { registry, store } = await cached();
    const ahead = String((await store.currentRevision()) + 100);
    await assert.rejects(registry.list(CONFIGMAPS, 'default', '', '', { resourceVersion: ahead }), (err) => isApiError(err, 'Timeout') && /Too large resource version/.test(err.message));
  });

  it('hands out frozen shared objects', async () => {
    const { registry } = await cached();
    await registry.create(CONFIGMAPS, 'default', configMap('a'));
    const [item] = (await registry.list(CONFIGMAPS, 'default', '', '', { resourceVersion: '0' })).items;
    assert.ok(Object.isFrozen(item) && Object.isFrozen(item.metadata));
  });
});

describe('the namespace check of a create with the watch cache', () => {
  it('refuses a missing namespace and a terminating one, and takes a namespace created just before', async () => {
    const { registry } = await cached();
    await assert.rejects(registry.create(CONFIGMAPS, 'nowhere', configMap('a', 'nowhere')), (err) => isApiError(err, 'NotFound'));
    await registry.create(NAMESPACES, '', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fresh' } }));
    await registry.create(CONFIGMAPS, 'fresh', configMap('a', 'fresh'));
    await registry.delete(NAMESPACES, '', 'fresh');
    await assert.rejects(registry.create(CONFIGMAPS, 'fresh', configMap('b', 'fresh')), (err) => isApiError(err, 'Forbidden'));
  });

  it('catches a namespace the cache has not yet seen turn Terminating with the write guard', async () => {
    const { registry } = await harness();
    const before = await registry.create(NAMESPACES, '', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'going' } }));
    await registry.delete(NAMESPACES, '', 'going');
    let asked = 0;
    // A cache still holding the namespace as it was before the delete.
    registry.ctx.cache = {
      of: (info) =>
        info === NAMESPACES
          ? { revision: () => 0, get: () => (asked++, before), itemsUnder: () => [], waitUntil: async () => false }
          : undefined,
    };
    await assert.rejects(registry.create(CONFIGMAPS, 'going', configMap('late', 'going')), (err) => isApiError(err, 'Forbidden'));
    assert.equal(asked, 1);
  });
});
