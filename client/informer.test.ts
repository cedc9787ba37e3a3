import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, gone } from '../api/errors.js';
import type { Pod } from '../api/types/index.js';
import { INFORMER_BACKOFF_INITIAL_MS, Informer, keyOf, splitKey, type ResourceEventHandler } from './informer.js';
import { FakeApiClient } from '../testkit/fakes/fake-api-client.js';
import { waitUntil } from '../testkit/wait-until.js';
import { resources } from '../api/resources.js';

function pod(name: string, namespace = 'default', labels: Record<string, string> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } as Pod;
}

interface Recorded {
  kind: 'add' | 'update' | 'delete';
  key: string;
  oldRv?: string;
  rv?: string;
}

function recorder(): { events: Recorded[]; handler: ResourceEventHandler<Pod> } {
  const events: Recorded[] = [];
  return {
    events,
    handler: {
      onAdd: (o) => events.push({ kind: 'add', key: keyOf(o), rv: o.metadata.resourceVersion }),
      onUpdate: (a, b) => events.push({ kind: 'update', key: keyOf(b), oldRv: a.metadata.resourceVersion, rv: b.metadata.resourceVersion }),
      onDelete: (o) => events.push({ kind: 'delete', key: keyOf(o), rv: o.metadata.resourceVersion }),
    },
  };
}

describe('keyOf / splitKey', () => {
  it('uses ns/name for namespaced and name for cluster-scoped objects', () => {
    assert.equal(keyOf(pod('web', 'prod')), 'prod/web');
    assert.equal(keyOf({ metadata: { name: 'node-1' } }), 'node-1');
    assert.deepEqual(splitKey('prod/web'), { namespace: 'prod', name: 'web' });
    assert.deepEqual(splitKey('node-1'), { namespace: '', name: 'node-1' });
  });
});

describe('Informer', () => {
  it('lists, fills the cache, tells handlers, then watches from the list resourceVersion with bookmarks', async () => {
    const fake = new FakeApiClient();
    fake.seed('pods', pod('a'));
    fake.seed('pods', pod('b', 'other'));
    const informer = new Informer<Pod>(fake.asClient(), resources.pods, { namespace: '', labelSelector: 'app=web' });
    const rec = recorder();
    informer.addEventHandler(rec.handler);
    assert.equal(informer.hasSynced(), false);
    informer.start();
    await informer.waitForSync(2_000);
    assert.equal(informer.hasSynced(), true);
    assert.deepEqual(informer.store.listKeys().sort(), ['default/a', 'other/b']);
    assert.equal(informer.store.get('other', 'b')?.metadata.name, 'b');
    assert.equal(informer.store.getByKey('default/a')?.metadata.name, 'a');
    assert.deepEqual(rec.events.map((e) => `${e.kind} ${e.key}`).sort(), ['add default/a', 'add other/b']);
    const watch = await fake.waitForWatches(1);
    assert.equal(watch.options.resourceVersion, String(fake.revision));
    assert.equal(watch.options.allowBookmarks, true);
    assert.equal(watch.options.labelSelector, 'app=web');
    await informer.stop();
    assert.equal(watch.cancelled, true);
  });

  it('applies ADDED, MODIFIED, DELETED to the cache before handlers run, and tracks bookmarks', async () => {
    const fake = new FakeApiClient();
    const informer = new Informer<Pod>(fake.asClient(), resources.pods);
    const seenInCacheAtCall: boolean[] = [];
    const rec = recorder();
    informer.addEventHandler(rec.handler);
    informer.addEventHandler({
      onAdd: (o) => seenInCacheAtCall.push(informer.store.getByKey(keyOf(o)) === o),
      onDelete: (o) => seenInCacheAtCall.push(informer.store.getByKey(keyOf(o)) === undefined),
    });
    informer.start();
    await informer.waitForSync(2_000);
    const watch = await fake.waitForWatches(1);
    watch.push({ type: 'ADDED', object: { ...pod('x'), metadata: { ...pod('x').metadata, resourceVersion: '201' } } });
    watch.push({ type: 'MODIFIED', object: { ...pod('x', 'default', { v: '2' }), metadata: { name: 'x', namespace: 'default', labels: { v: '2' }, resourceVersion: '202' } } });
    await waitUntil('update seen', () => rec.events.length === 2);
    assert.equal(informer.store.get('default', 'x')?.metadata.labels?.v, '2');
    watch.push({ type: 'DELETED', object: { ...pod('x'), metadata: { name: 'x', namespace: 'default', resourceVersion: '203' } } });
    watch.push({ type: 'BOOKMARK', object: { apiVersion: 'v1', kind: 'Pod', metadata: { resourceVersion: '250' } } });
    await waitUntil('bookmark seen', () => informer.lastSyncResourceVersion() === '250');
    assert.deepEqual(rec.events, [
      { kind: 'add', key: 'default/x', rv: '201' },
      { kind: 'update', key: 'default/x', oldRv: '201', rv: '202' },
      { kind: 'delete', key: 'default/x', rv: '203' },
    ]);
    assert.equal(informer.store.list().length, 0);
    assert.deepEqual(seenInCacheAtCall, [true, true]);
    // The stream ends cleanly: the informer watches again from the bookmark, without re-listing.
    watch.end();
    const second = await fake.waitForWatches(2);
    assert.equal(second.options.resourceVersion, '250');
    assert.equal(fake.calls.filter((c) => c.method === 'list').length, 1);
    await informer.stop();
  });

  it('hands out deep-frozen objects', async () => {
    const fake = new FakeApiClient();
    fake.seed('pods', pod('a'));
    const informer = new Informer<Pod>(fake.asClient(), resources.pods);
    informer.start();
    await informer.waitForSync(2_000);
    const cached = informer.store.get('default', 'a');
    assert.ok(cached);
    assert.throws(() => {
      (cached.metadata as { name?: string }).name = 'changed';
    }, TypeError);
    assert.throws(() => {
      cached.spec.containers[0].image = 'nginx';
    }, TypeError);
    assert.equal(informer.store.get('default', 'a')?.spec.containers[0].image, 'busybox');
    await informer.stop();
  });

  it('keeps only what its transform keeps, from the list and from the watch', async () => {
    const fake = new FakeApiClient();
    fake.seed('pods', pod('listed'));
    const slim = (o: { apiVersion?: string; kind?: string; metadata: Pod['metadata'] }) =>
      ({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name, namespace: o.metadata.namespace, resourceVersion: o.metadata.resourceVersion } }) as Pod;
    const informer = new Informer<Pod>(fake.asClient(), resources.pods, { transform: slim });
    informer.start();
    await informer.waitForSync(2_000);
    assert.equal(informer.store.get('default', 'listed')?.spec, undefined);
    const watch = await fake.waitForWatches(1);
    watch.push({ type: 'ADDED', object: { ...pod('watched'), metadata: { ...pod('watched').metadata, resourceVersion: '301' } } });
    await waitUntil('watched pod cached', () => informer.store.get('default', 'watched') !== undefined);
    assert.deepEqual(informer.store.get('default', 'watched'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'watched', namespace: 'default', resourceVersion: '301' } });
    await informer.stop();
  });

  it('keeps going when a handler throws or rejects', async () => {
    const fake = new FakeApiClient();
    const informer = new Informer<Pod>(fake.asClient(), resources.pods);
    const seen: string[] = [];
    informer.addEventHandler({ onAdd: () => { throw new Error('boom'); } });
    informer.addEventHandler({ onAdd: async () => { throw new Error('async boom'); } });
    informer.addEventHandler({ onAdd: (o) => { seen.push(o.metadata.name ?? ''); } });
    informer.start();
    await informer.waitForSync(2_000);
    const watch = await fake.waitForWatches(1);
    watch.push({ type: 'ADDED', object: { ...pod('one'), metadata: { name: 'one', namespace: 'default', resourceVersion: '301' } } });
    watch.push({ type: 'ADDED', object: { ...pod('two'), metadata: { name: 'two', namespace: 'default', resourceVersion: '302' } } });
    await waitUntil('both adds', () => seen.length === 2);
    assert.deepEqual(seen, ['one', 'two']);
    assert.equal(informer.store.list().length, 2);
    await informer.stop();
  });

  it('re-lists on Gone and reconciles: deletes for vanished, updates for changed, adds for new', async () => {
    const fake = new FakeApiClient();
    fake.seed('pods', pod('stays'));
    fake.seed('pods', pod('vanishes'));
    fake.seed('pods', pod('changes'));
    const informer = new Informer<Pod>(fake.asClient(), resources.pods);
    const rec = recorder();
    informer.addEventHandler(rec.handler);
    informer.start();
    await informer.waitForSync(2_000);
    rec.events.length = 0;
    const watch = await fake.waitForWatches(1);
    // While the informer "missed" the window: one deleted, one changed, one new.
    fake.remove('pods', 'default/vanishes');
    fake.seed('pods', pod('changes', 'default', { v: '2' }));
    fake.seed('pods', pod('new'));
    watch.fail(gone('too old resource version: 1 (200)'));
    await waitUntil('re-list applied', () => rec.events.length === 3);
    assert.deepEqual(
      rec.events.map((e) => `${e.kind} ${e.key}`).sort(),
      ['add default/new', 'delete default/vanishes', 'update default/changes'],
    );
    assert.deepEqual(informer.store.listKeys().sort(), ['default/changes', 'default/new', 'default/stays']);
    assert.equal(informer.store.get('default', 'changes')?.metadata.labels?.v, '2');
    const next = await fake.waitForWatches(2);
    assert.equal(next.options.resourceVersion, String(fake.revision));
    assert.equal(fake.calls.filter((c) => c.method === 'list').length, 2);
    await informer.stop();
  });

  it('re-lists when the server has not reached the watched resourceVersion (storage restored)', async () => {
    const fake = new FakeApiClient();
    fake.seed('pods', pod('kept'));
    const informer = new Informer<Pod>(fake.asClient(), resources.pods);
    informer.start();
    await informer.waitForSync(2_000);
    const first = await fake.waitForWatches(1);
    first.fail(new ApiError('Timeout', 'Too large resource version: 900, current: 12'));
    await fake.waitForWatches(2);
    assert.equal(fake.calls.filter((c) => c.method === 'list').length, 2);
    await informer.stop();
  });

  it('re-watches from the last resourceVersion after a transport error, with backoff', async () => {
    const fake = new FakeApiClient();
    const informer = new Informer<Pod>(fake.asClient(), resources.pods);
    informer.start();
    await informer.waitForSync(2_000);
    const first = await fake.waitForWatches(1);
    first.push({ type: 'ADDED', object: { ...pod('a'), metadata: { name: 'a', namespace: 'default', resourceVersion: '500' } } });
    await waitUntil('add seen', () => informer.store.size() === 1);
    const failedAt = Date.now();
    first.fail(new ApiError('ServiceUnavailable', 'the server is not reachable'));
    const second = await fake.waitForWatches(2);
    const waited = Date.now() - failedAt;
    assert.ok(waited >= INFORMER_BACKOFF_INITIAL_MS - 50, `re-watched after ${waited} ms, expected a backoff of ~${INFORMER_BACKOFF_INITIAL_MS} ms`);
    assert.equal(second.options.resourceVersion, '500');
    assert.equal(fake.calls.filter((c) => c.method === 'list').length, 1);
    await informer.stop();
  });

  it('resyncs every period with onUpdate(obj, obj)', async () => {
    const fake = new FakeApiClient();
    fake.seed('pods', pod('a'));
    const informer = new Informer<Pod>(fake.asClient(), resources.pods, { resyncPeriodMs: 30 });
    const same: boolean[] = [];
    informer.addEventHandler({ onUpdate: (a, b) => same.push(a === b) });
    informer.start();
    await informer.waitForSync(2_000);
    await waitUntil('two resyncs', () => same.length >= 2, 2_000);
    assert.ok(same.every(Boolean));
    await informer.stop();
    const after = same.length;
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(same.length, after, 'no resync after stop');
  });

  it('replays the cache to a handler added after sync, and removes handlers', async () => {
    const fake = new FakeApiClient();
    fake.seed('pods', pod('a'));
    fake.seed('pods', pod('b'));
    const informer = new Informer<Pod>(fake.asClient(), resources.pods);
    informer.start();
    await informer.waitForSync(2_000);
    const rec = recorder();
    const registration = informer.addEventHandler(rec.handler);
    assert.deepEqual(rec.events.map((e) => `${e.kind} ${e.key}`).sort(), ['add default/a', 'add default/b']);
    registration.remove();
    const watch = await fake.waitForWatches(1);
    watch.push({ type: 'ADDED', object: { ...pod('c'), metadata: { name: 'c', namespace: 'default', resourceVersion: '900' } } });
    await waitUntil('c cached', () => informer.store.size() === 3);
    assert.equal(rec.events.length, 2);
    await informer.stop();
  });

  it('waitForSync times out with an ApiError while the list keeps failing, and stop() ends it', async () => {
    const fake = new FakeApiClient();
    fake.listErrors = [new ApiError('ServiceUnavailable', 'down'), new ApiError('ServiceUnavailable', 'down')];
    const informer = new Informer<Pod>(fake.asClient(), resources.pods);
    informer.start();
    await assert.rejects(informer.waitForSync(100), (err: unknown) => err instanceof ApiError && err.reason === 'Timeout');
    const pending = informer.waitForSync(10_000);
    await informer.stop();
    await assert.rejects(pending, (err: unknown) => err instanceof ApiError);
    assert.equal(informer.hasSynced(), false);
  });

  it('supports secondary indexes on the store', async () => {
    const fake = new FakeApiClient();
    fake.seed('pods', { ...pod('a'), spec: { nodeName: 'n1', containers: [] } } as Pod);
    fake.seed('pods', { ...pod('b'), spec: { nodeName: 'n2', containers: [] } } as Pod);
    const informer = new Informer<Pod>(fake.asClient(), resources.pods);
    informer.store.addIndex('byNode', (p) => (p.spec.nodeName ? [p.spec.nodeName] : []));
    informer.start();
    await informer.waitForSync(2_000);
    assert.deepEqual(informer.store.byIndex('byNode', 'n1').map((p) => p.metadata.name), ['a']);
    const watch = await fake.waitForWatches(1);
    watch.push({ type: 'MODIFIED', object: { ...pod('a'), metadata: { name: 'a', namespace: 'default', resourceVersion: '700' }, spec: { nodeName: 'n2', containers: [] } } as Pod });
    await waitUntil('a moved', () => informer.store.byIndex('byNode', 'n2').length === 2);
    assert.deepEqual(informer.store.byIndex('byNode', 'n1'), []);
    await informer.stop();
  });
});
