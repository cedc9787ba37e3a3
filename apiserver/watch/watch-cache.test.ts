// The watch cache over a store whose list the test releases by hand: changes
// that arrive while the list is in flight, failed lists, waiting for a revision.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../api/types/index.js';
import { createLogger } from '../../client/logger.js';
import type { RangeResult } from '../storage/object-store.js';
import { ObjectChange } from './object-change.js';
import { CACHE_LIST_RETRY_INITIAL_MS, WatchCache } from './watch-cache.js';

const PREFIX = '/registry/core/configmaps/';
const log = createLogger('watch-cache-test', 'silent');

function stored(name: string, rev: number): RangeResult['items'][number] {
  const value = Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' } }));
  return { key: `${PREFIX}ns/${name}`, value, modRevision: rev, createRevision: rev, lease: '0' };
}

function object(name: string, rev: number): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', resourceVersion: String(rev) } };
}

/** A store whose lists answer only when the test says so. */
class HeldStore {
  private answers: ((result: RangeResult | Error) => void)[] = [];
  lists = 0;
  range(): Promise<RangeResult> {
    this.lists++;
    return new Promise((resolve, reject) => this.answers.push((r) => (r instanceof Error ? reject(r) : resolve(r))));
  }
  answer(result: RangeResult | Error): void {
    this.answers.shift()?.(result);
  }
}

function names(cache: WatchCache): string[] {
  return cache.itemsUnder(PREFIX).map((i) => `${i.object.metadata.name}@${i.object.metadata.resourceVersion}`);
}

describe('WatchCache', () => {
  it('applies changes newer than the list on top of it and drops the ones the list holds', async () => {
    const store = new HeldStore();
    const cache = new WatchCache(store, PREFIX, log);
    const filled = cache.reset(10);
    cache.apply(`${PREFIX}ns/a`, new ObjectChange('put', 11, object('a', 11), undefined));
    cache.apply(`${PREFIX}ns/b`, new ObjectChange('put', 13, object('b', 13), undefined));
    assert.equal(cache.view(), undefined, 'incomplete while listing');
    // The list ran at revision 12: it holds a@11 and c@12, not b@13.
    store.answer({ items: [stored('a', 11), stored('c', 12)], revision: 12, more: false, count: 2 });
    await filled;
    assert.ok(cache.view());
    assert.deepEqual(names(cache), ['a@11', 'b@13', 'c@12']);
    assert.equal(cache.revision(), 13);
    cache.apply(`${PREFIX}ns/c`, new ObjectChange('delete', 14, undefined, object('c', 12)));
    assert.deepEqual(names(cache), ['a@11', 'b@13']);
    assert.ok(Object.isFrozen(cache.get(`${PREFIX}ns/a`)));
    cache.stop();
  });

  it('stays incomplete after a failed list and lists again', async () => {
    const store = new HeldStore();
    const cache = new WatchCache(store, PREFIX, log);
    const first = cache.reset(5);
    store.answer(new Error('etcd away'));
    await first;
    assert.equal(cache.view(), undefined);
    const deadline = Date.now() + CACHE_LIST_RETRY_INITIAL_MS * 4;
    while (store.lists < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(store.lists, 2, 'listed again after the backoff');
    store.answer({ items: [stored('a', 5)], revision: 6, more: false, count: 1 });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(names(cache), ['a@5']);
    assert.equal(cache.revision(), 6);
    cache.stop();
  });

  it('lets a read wait for a revision, and gives up after its wait', async () => {
    const store = new HeldStore();
    const cache = new WatchCache(store, PREFIX, log);
    const filled = cache.reset(3);
    store.answer({ items: [], revision: 3, more: false, count: 0 });
    await filled;
    const reached = cache.waitUntil(4, 1_000);
    cache.apply(`${PREFIX}ns/a`, new ObjectChange('put', 4, object('a', 4), undefined));
    assert.equal(await reached, true);
    assert.equal(await cache.waitUntil(9, 20), false);
    cache.progress(9);
    assert.equal(await cache.waitUntil(9, 0), true);
    cache.stop();
  });
});
