// The semantics every ObjectStore must share with etcd, as one suite run
// against the memory store (unit tests) and against a real etcd (integration
// tests), so the memory store cannot drift from what the registry gets in
// production. Each test works under its own prefix: the etcd run shares one
// etcd between tests, and compaction there is global.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ObjectStore, RawChange, WatchHandlers } from './object-store.js';
import { isStorageError } from './storage-errors.js';

/** How long a contract test waits for a watch to report. */
export const CONTRACT_WATCH_TIMEOUT_MS = 5_000;
const POLL_MS = 5;
/** A lease id no store has granted. */
const UNKNOWN_LEASE = '424242';

let prefixes = 0;

function freshPrefix(): string {
  return `/contract/${process.pid}-${Date.now()}-${++prefixes}/`;
}

/** Records what a watch reports so a test can wait for it. */
class WatchLog implements WatchHandlers {
  readonly changes: RawChange[] = [];
  compactedAt: number | undefined;
  error: Error | undefined;

  onChanges(changes: RawChange[]): void {
    this.changes.push(...changes);
  }

  onCompacted(compactRevision: number): void {
    this.compactedAt = compactRevision;
  }

  onError(err: Error): void {
    this.error = err;
  }

  async until(what: string, done: () => boolean): Promise<void> {
    const deadline = Date.now() + CONTRACT_WATCH_TIMEOUT_MS;
    while (!done()) {
      if (this.error) throw this.error;
      if (Date.now() > deadline) throw new Error(`watch: timed out waiting for ${what}; saw ${JSON.stringify(summary(this.changes))}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

function summary(changes: RawChange[]): string[] {
  return changes.map((c) => `${c.type} ${c.key.split('/').pop() ?? ''}@${c.revision}`);
}

function mustSucceed(result: Awaited<ReturnType<ObjectStore['create']>>): number {
  assert.ok(result.ok, 'the write should have succeeded');
  return result.revision;
}

/** Runs the contract against the store `open` returns; `open` is called once per test. */
export function describeStoreContract(name: string, open: () => ObjectStore): void {
  describe(`ObjectStore contract: ${name}`, () => {
    it('stamps writes with one store-wide revision, create and mod revisions per key', async () => {
      const store = open();
      const p = freshPrefix();
      const before = await store.currentRevision();
      const first = mustSucceed(await store.create(`${p}a`, 'one'));
      assert.equal(first, before + 1);
      const second = mustSucceed(await store.update(`${p}a`, 'two', first));
      assert.equal(second, first + 1);
      assert.equal(await store.currentRevision(), second);
      const kv = await store.get(`${p}a`);
      assert.equal(kv?.value.toString(), 'two');
      assert.equal(kv?.createRevision, first);
      assert.equal(kv?.modRevision, second);
      assert.equal(kv?.lease, '0');
      assert.equal(await store.get(`${p}missing`), undefined);
    });

    it('refuses a create over an existing key and answers the key as it is', async () => {
      const store = open();
      const p = freshPrefix();
      const rev = mustSucceed(await store.create(`${p}a`, 'one'));
      const again = await store.create(`${p}a`, 'other');
      assert.equal(again.ok, false);
      assert.equal(!again.ok && again.current?.modRevision, rev);
      assert.equal(!again.ok && again.current?.value.toString(), 'one');
      assert.equal(await store.currentRevision(), rev, 'a failed transaction takes no revision');
    });

    it('guards updates and deletes on the mod revision', async () => {
      const store = open();
      const p = freshPrefix();
      const created = mustSucceed(await store.create(`${p}a`, 'one'));
      const updated = mustSucceed(await store.update(`${p}a`, 'two', created));
      const stale = await store.update(`${p}a`, 'three', created);
      assert.equal(!stale.ok && stale.current?.modRevision, updated);
      const staleDelete = await store.delete(`${p}a`, created);
      assert.equal(staleDelete.ok, false);
      const deleted = mustSucceed(await store.delete(`${p}a`, updated));
      assert.equal(deleted, updated + 1);
      assert.equal(await store.get(`${p}a`), undefined);
      const gone = await store.update(`${p}a`, 'four', updated);
      assert.deepEqual(gone, { ok: false, current: undefined }, 'an update of a deleted key fails with nothing current');
    });

    it('creates only while a guard key keeps the mod revision the caller read', async () => {
      const store = open();
      const p = freshPrefix();
      const guardRev = mustSucceed(await store.create(`${p}guard`, 'g'));
      mustSucceed(await store.create(`${p}a`, 'one', undefined, { key: `${p}guard`, modRevision: guardRev }));
      mustSucceed(await store.update(`${p}guard`, 'moved', guardRev));
      const refused = await store.create(`${p}b`, 'two', undefined, { key: `${p}guard`, modRevision: guardRev });
      assert.deepEqual(refused, { ok: false, current: undefined }, 'a moved guard fails with no current value');
      mustSucceed(await store.create(`${p}c`, 'three', undefined, { key: `${p}absent`, modRevision: 0 }));
    });

    it('claims and releases side keys in the same transaction as the object, or not at all', async () => {
      const store = open();
      const p = freshPrefix();
      const claim = (key: string) => ({ claim: [{ key: `${p}${key}`, value: 'held', modRevision: 0 }], release: [] });
      const created = mustSucceed(await store.create(`${p}obj`, 'one', undefined, undefined, claim('ip/1')));
      assert.equal((await store.get(`${p}ip/1`))?.modRevision, created, 'the claim lands in the object revision');
      const taken = await store.create(`${p}other`, 'two', undefined, undefined, claim('ip/1'));
      assert.equal(taken.ok, false);
      assert.equal(await store.get(`${p}other`), undefined, 'a taken claim writes nothing');
      const moved = mustSucceed(await store.update(`${p}obj`, 'two', created, undefined, { ...claim('ip/2'), release: [`${p}ip/1`] }));
      assert.equal(await store.get(`${p}ip/1`), undefined);
      assert.equal((await store.get(`${p}ip/2`))?.modRevision, moved);
      mustSucceed(await store.delete(`${p}obj`, moved, { claim: [], release: [`${p}ip/2`] }));
      assert.deepEqual((await store.range(p)).items, [], 'the delete released the side key');
    });

    it('ranges a prefix in key order at the current revision', async () => {
      const store = open();
      const p = freshPrefix();
      for (const key of ['ns/b', 'ns/a', 'nsx/c', 'ns/a/deeper']) mustSucceed(await store.create(`${p}${key}`, key));
      const range = await store.range(`${p}ns/`);
      assert.deepEqual(
        range.items.map((kv) => kv.key.slice(p.length)),
        ['ns/a', 'ns/a/deeper', 'ns/b'],
      );
      assert.equal(range.revision, await store.currentRevision());
    });

    it('answers the newest mod revision and the key count of a prefix', async () => {
      const store = open();
      const p = freshPrefix();
      const empty = await store.prefixState(`${p}ns/`);
      assert.deepEqual({ newest: empty.newestModRevision, count: empty.count }, { newest: 0, count: 0 });
      const a = mustSucceed(await store.create(`${p}ns/a`, 'a'));
      const b = mustSucceed(await store.create(`${p}ns/b`, 'b'));
      mustSucceed(await store.create(`${p}other/c`, 'c'));
      const updatedA = mustSucceed(await store.update(`${p}ns/a`, 'a2', a));
      assert.ok(updatedA > b);
      const state = await store.prefixState(`${p}ns/`);
      assert.deepEqual({ newest: state.newestModRevision, count: state.count }, { newest: updatedA, count: 2 });
      assert.equal(state.revision, await store.currentRevision());
      mustSucceed(await store.delete(`${p}ns/a`, updatedA));
      const afterDelete = await store.prefixState(`${p}ns/`);
      assert.deepEqual({ newest: afterDelete.newestModRevision, count: afterDelete.count }, { newest: b, count: 1 });
    });

    it('ranges a page from a key with a limit, counting what is left', async () => {
      const store = open();
      const p = freshPrefix();
      for (const key of ['a', 'b', 'c', 'd']) mustSucceed(await store.create(`${p}${key}`, key));
      const first = await store.range(p, { limit: 2 });
      assert.deepEqual(first.items.map((kv) => kv.key.slice(p.length)), ['a', 'b']);
      assert.equal(first.more, true);
      assert.equal(first.count, 4);
      const rest = await store.range(p, { from: `${p}b\x00`, limit: 2 });
      assert.deepEqual(rest.items.map((kv) => kv.key.slice(p.length)), ['c', 'd']);
      assert.equal(rest.more, false);
      assert.equal(rest.count, 2);
    });

    it('ranges the prefix as it was at a past revision', async () => {
      const store = open();
      const p = freshPrefix();
      const a = mustSucceed(await store.create(`${p}a`, 'one'));
      const b = mustSucceed(await store.create(`${p}b`, 'two'));
      const then = await store.currentRevision();
      mustSucceed(await store.update(`${p}a`, 'changed', a));
      mustSucceed(await store.delete(`${p}b`, b));
      mustSucceed(await store.create(`${p}c`, 'three'));
      const past = await store.range(p, { revision: then });
      assert.equal(past.revision, then);
      assert.deepEqual(
        past.items.map((kv) => `${kv.key.slice(p.length)}=${kv.value.toString()}@${kv.modRevision}`),
        [`a=one@${a}`, `b=two@${b}`],
      );
      const now = await store.range(p);
      assert.deepEqual(now.items.map((kv) => `${kv.key.slice(p.length)}=${kv.value.toString()}`), ['a=changed', 'c=three']);
      await store.compact(await store.currentRevision());
      await assert.rejects(store.range(p, { revision: then }), (err) => isStorageError(err, 'Compacted'));
      await assert.rejects(store.range(p, { revision: (await store.currentRevision()) + 1_000 }), (err) => isStorageError(err, 'FutureRevision'));
    });

    it('attaches granted leases and refuses unknown ones', async () => {
      const store = open();
      const p = freshPrefix();
      const lease = await store.grantLease(60);
      mustSucceed(await store.create(`${p}a`, 'one', lease));
      assert.equal((await store.get(`${p}a`))?.lease, lease);
      await assert.rejects(store.create(`${p}b`, 'two', UNKNOWN_LEASE), (err) => isStorageError(err, 'LeaseNotFound'));
      assert.equal(await store.get(`${p}b`), undefined);
    });

    it('answers Compacted for history before a compaction and accepts future revisions', async () => {
      const store = open();
      const p = freshPrefix();
      const old = mustSucceed(await store.create(`${p}a`, 'one'));
      const now = mustSucceed(await store.update(`${p}a`, 'two', old));
      await store.compact(now);
      await assert.rejects(store.assertRevisionAvailable(p, old), (err) => isStorageError(err, 'Compacted'));
      await store.assertRevisionAvailable(p, now);
      await store.assertRevisionAvailable(p, now + 1_000);
      await assert.rejects(store.compact(now), (err) => isStorageError(err, 'Compacted'));
      assert.equal((await store.get(`${p}a`))?.value.toString(), 'two', 'compaction keeps the current values');
    });

    it('watches a prefix from a past revision: replay, then live changes, with previous values', async () => {
      const store = open();
      const p = freshPrefix();
      const created = mustSucceed(await store.create(`${p}w/a`, 'one'));
      mustSucceed(await store.create(`${p}other`, 'not watched'));
      const log = new WatchLog();
      const watch = await store.watchPrefix(`${p}w/`, created, log);
      try {
        await log.until('the replayed create', () => log.changes.length >= 1);
        const updated = mustSucceed(await store.update(`${p}w/a`, 'two', created));
        const deleted = mustSucceed(await store.delete(`${p}w/a`, updated));
        await log.until('the update and the delete', () => log.changes.length >= 3);
        assert.deepEqual(summary(log.changes), [`put a@${created}`, `put a@${updated}`, `delete a@${deleted}`]);
        const [put, update, del] = log.changes;
        assert.equal(put.value?.toString(), 'one');
        assert.equal(update.prev?.value.toString(), 'one');
        assert.equal(update.prev?.modRevision, created);
        assert.equal(del.value, undefined);
        assert.equal(del.prev?.value.toString(), 'two');
      } finally {
        watch.cancel();
      }
    });

    it('ends a watch from before the compacted revision with onCompacted', async () => {
      const store = open();
      const p = freshPrefix();
      const old = mustSucceed(await store.create(`${p}a`, 'one'));
      const now = mustSucceed(await store.update(`${p}a`, 'two', old));
      await store.compact(now);
      const log = new WatchLog();
      const watch = await store.watchPrefix(p, old, log);
      try {
        await log.until('the compaction report', () => log.compactedAt !== undefined);
        assert.ok((log.compactedAt ?? 0) >= now);
        assert.deepEqual(log.changes, []);
      } finally {
        watch.cancel();
      }
    });
  });
}
