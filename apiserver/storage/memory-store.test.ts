import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore } from './memory-store.js';
import type { RawChange } from './object-store.js';
import { isStorageError } from './storage-errors.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('memory', () => new MemoryStore());

function recorder(): { changes: RawChange[]; batches: number[]; handlers: Parameters<MemoryStore['watchPrefix']>[2] } {
  const changes: RawChange[] = [];
  const batches: number[] = [];
  return {
    changes,
    batches,
    handlers: {
      onChanges: (batch, revision) => {
        changes.push(...batch);
        batches.push(revision);
      },
      onCompacted: () => assert.fail('not compacted'),
      onError: (err) => assert.fail(err),
    },
  };
}

/** Lets queued microtasks (the store's watch deliveries) run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('MemoryStore', () => {
  it('starts at revision 1, as an empty etcd does', async () => {
    assert.equal(await new MemoryStore().currentRevision(), 1);
  });

  it('expires a lease on its clock and deletes its keys in one revision', async () => {
    let now = 1_000_000;
    const store = new MemoryStore(() => now);
    const lease = await store.grantLease(10);
    await store.create('/k/a', 'a', lease);
    await store.create('/k/b', 'b', lease);
    const kept = await store.create('/k/c', 'c');
    assert.ok(kept.ok);
    const watch = recorder();
    await store.watchPrefix('/k/', kept.revision + 1, watch.handlers);

    now += 9_999;
    assert.equal((await store.range('/k/')).items.length, 3, 'alive until the TTL is over');
    now += 1;
    const left = await store.range('/k/');
    assert.deepEqual(left.items.map((kv) => kv.key), ['/k/c']);
    assert.equal(left.revision, kept.revision + 1, 'both keys went in one revision');
    await settle();
    assert.deepEqual(
      watch.changes.map((c) => [c.type, c.key, c.revision]),
      [
        ['delete', '/k/a', kept.revision + 1],
        ['delete', '/k/b', kept.revision + 1],
      ],
    );
    await assert.rejects(store.create('/k/d', 'd', lease), (err) => isStorageError(err, 'LeaseNotFound'));
  });

  it('tells watchers after the write, never inside it', async () => {
    const store = new MemoryStore();
    const watch = recorder();
    await store.watchPrefix('/w/', 0, watch.handlers);
    await settle();
    const result = store.create('/w/a', 'a');
    assert.equal(watch.changes.length, 0);
    await result;
    await settle();
    assert.deepEqual(
      watch.changes.map((c) => c.key),
      ['/w/a'],
    );
  });

  it('reports nothing to a cancelled watch', async () => {
    const store = new MemoryStore();
    const watch = recorder();
    const handle = await store.watchPrefix('/w/', 0, watch.handlers);
    await settle();
    const written = store.create('/w/a', 'a');
    handle.cancel();
    await written;
    await settle();
    assert.deepEqual(watch.changes, []);
  });

  it('refuses to compact past the current revision', async () => {
    const store = new MemoryStore();
    await assert.rejects(store.compact(5), (err) => isStorageError(err, 'FutureRevision'));
  });

  it('answers Unavailable once closed, and ends its watches', async () => {
    const store = new MemoryStore();
    let ended: Error | undefined;
    await store.watchPrefix('/w/', 0, { onChanges() {}, onCompacted() {}, onError: (err) => (ended = err) });
    store.close();
    assert.ok(isStorageError(ended, 'Unavailable'));
    assert.equal(await store.healthy(), false);
    await assert.rejects(store.get('/w/a'), (err) => isStorageError(err, 'Unavailable'));
  });
});
