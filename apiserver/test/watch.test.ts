// Watch semantics: initial state, ordering, resume, Gone after compaction,
// selectors with transitions, bookmarks, many watchers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Etcd3 } from 'etcd3';
import { isApiError } from '../../api/errors.js';
import type { KubeObject } from '../../api/types/index.js';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';
import { namespaceObject, pod, summary, uniqueName, WatchRecorder } from '../../testkit/objects/apiserver-fixtures.js';
import { resources } from '../../api/resources.js';

/** Bookmarks every second so the test need not wait a minute. */
const BOOKMARK_INTERVAL_ARGS = ['--watch-bookmark-interval', '1'];

const env = useControlPlane({ extraArgs: BOOKMARK_INTERVAL_ARGS });

async function freshNamespace(prefix: string): Promise<string> {
  const ns = uniqueName(prefix);
  await env.client.create(resources.namespaces, namespaceObject(ns));
  return ns;
}

describe('apiserver watch', () => {
  it('sends the current state as ADDED, then changes, then DELETED with the last state', async () => {
    const ns = await freshNamespace('initial');
    await env.client.create(resources.pods, pod('existing', ns));
    const w = new WatchRecorder(env.client.watch(resources.pods, { namespace: ns }));
    await w.take(1);
    const created = await env.client.create(resources.pods, pod('new', ns));
    const updated = await env.client.update<KubeObject>(resources.pods, { ...created, metadata: { ...created.metadata, labels: { x: '1' } } });
    const removed = await env.client.delete(resources.pods, ns, 'new');
    const events = await w.take(4);
    w.cancel();
    assert.deepEqual(summary(events), ['ADDED existing', 'ADDED new', 'MODIFIED new', 'DELETED new']);
    assert.equal(events[2].object.metadata.resourceVersion, updated.metadata.resourceVersion);
    assert.deepEqual(events[3].object.metadata.labels, { x: '1' }, 'DELETED carries the last state');
    assert.equal(events[3].object.metadata.resourceVersion, removed.object.metadata.resourceVersion);
    assert.ok(Number(events[3].object.metadata.resourceVersion) > Number(updated.metadata.resourceVersion));
  });

  it('delivers many quick updates in order', async () => {
    const ns = await freshNamespace('order');
    const created = await env.client.create(resources.pods, pod('counter', ns));
    const w = new WatchRecorder(env.client.watch(resources.pods, { namespace: ns, resourceVersion: created.metadata.resourceVersion }));
    const UPDATES = 50;
    let current = created;
    for (let i = 1; i <= UPDATES; i++) {
      current = await env.client.patch(resources.pods, ns, 'counter', 'merge', { metadata: { annotations: { n: String(i) } } });
    }
    const events = await w.take(UPDATES);
    w.cancel();
    const seen = events.map((e) => Number(e.object.metadata.annotations?.n));
    assert.deepEqual(seen, Array.from({ length: UPDATES }, (_, i) => i + 1));
    const versions = events.map((e) => Number(e.object.metadata.resourceVersion));
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
    assert.equal(events[UPDATES - 1].object.metadata.resourceVersion, current.metadata.resourceVersion);
  });

  it('resumes from a resourceVersion', async () => {
    const ns = await freshNamespace('resume');
    const a = await env.client.create(resources.pods, pod('a', ns));
    await env.client.create(resources.pods, pod('b', ns));
    await env.client.delete(resources.pods, ns, 'a');
    const w = new WatchRecorder(env.client.watch(resources.pods, { namespace: ns, resourceVersion: a.metadata.resourceVersion }));
    const events = await w.take(2);
    assert.deepEqual(summary(events), ['ADDED b', 'DELETED a']);
    await env.client.create(resources.pods, pod('c', ns));
    assert.deepEqual(summary(await w.take(3)).slice(2), ['ADDED c']);
    w.cancel();
  });

  it('answers Gone for a compacted resourceVersion', async () => {
    const ns = await freshNamespace('compact');
    const old = await env.client.create(resources.pods, pod('old', ns));
    await env.client.patch(resources.pods, ns, 'old', 'merge', { metadata: { labels: { a: 'b' } } });
    const latest = await env.client.patch(resources.pods, ns, 'old', 'merge', { metadata: { labels: { a: 'c' } } });
    const etcd = new Etcd3({ hosts: env.plane.etcd.endpoint });
    try {
      await etcd.kv.compact({ revision: latest.metadata.resourceVersion, physical: true });
    } finally {
      etcd.close();
    }
    const w = new WatchRecorder(env.client.watch(resources.pods, { namespace: ns, resourceVersion: old.metadata.resourceVersion }));
    const err = await w.end();
    assert.ok(isApiError(err, 'Gone'), `expected Gone, got ${String(err)}`);
    assert.match(err.message, new RegExp(`^too old resource version: ${old.metadata.resourceVersion} \\(\\d+\\)$`));
    // A watch from the latest version still works.
    const fresh = new WatchRecorder(env.client.watch(resources.pods, { namespace: ns, resourceVersion: latest.metadata.resourceVersion }));
    await env.client.delete(resources.pods, ns, 'old');
    assert.deepEqual(summary(await fresh.take(1)), ['DELETED old']);
    fresh.cancel();
  });

  it('filters lists and watches by label selector, with transitions', async () => {
    const ns = await freshNamespace('labels');
    const selector = 'app=web,tier in (a,b),!canary';
    await env.client.create(resources.pods, pod('match', ns, { labels: { app: 'web', tier: 'a' } }));
    await env.client.create(resources.pods, pod('canary', ns, { labels: { app: 'web', tier: 'a', canary: 'yes' } }));
    await env.client.create(resources.pods, pod('tier-c', ns, { labels: { app: 'web', tier: 'c' } }));
    await env.client.create(resources.pods, pod('db', ns, { labels: { app: 'db', tier: 'b' } }));
    const list = await env.client.list(resources.pods, { namespace: ns, labelSelector: selector });
    assert.deepEqual(list.items.map((p) => p.metadata.name), ['match']);

    const w = new WatchRecorder(env.client.watch(resources.pods, { namespace: ns, labelSelector: selector }));
    assert.deepEqual(summary(await w.take(1)), ['ADDED match']);
    await env.client.patch(resources.pods, ns, 'tier-c', 'merge', { metadata: { labels: { tier: 'b' } } }); // starts matching
    await env.client.patch(resources.pods, ns, 'match', 'merge', { metadata: { labels: { canary: 'now' } } }); // stops matching
    await env.client.patch(resources.pods, ns, 'db', 'merge', { metadata: { labels: { note: 'x' } } }); // never matches
    await env.client.patch(resources.pods, ns, 'tier-c', 'merge', { metadata: { labels: { note: 'y' } } }); // still matches
    const events = await w.take(4);
    w.cancel();
    assert.deepEqual(summary(events), ['ADDED match', 'ADDED tier-c', 'DELETED match', 'MODIFIED tier-c']);
    assert.equal(events[2].object.metadata.labels?.canary, undefined, 'the DELETED of a transition carries the last matching state');
  });

  it('filters lists and watches by field selector, with transitions', async () => {
    const ns = await freshNamespace('fields');
    await env.client.create(resources.pods, pod('on-a', ns, { spec: { nodeName: 'node-a' } }));
    await env.client.create(resources.pods, pod('pending', ns));
    const list = await env.client.list(resources.pods, { namespace: ns, fieldSelector: 'spec.nodeName=node-a' });
    assert.deepEqual(list.items.map((p) => p.metadata.name), ['on-a']);
    const byName = await env.client.list(resources.pods, { fieldSelector: `metadata.name=pending,metadata.namespace=${ns}` });
    assert.deepEqual(byName.items.map((p) => p.metadata.name), ['pending']);

    const w = new WatchRecorder(env.client.watch(resources.pods, { namespace: ns, fieldSelector: 'spec.nodeName=node-a' }));
    assert.deepEqual(summary(await w.take(1)), ['ADDED on-a']);
    await env.client.bind(ns, 'pending', 'node-a');
    await env.client.updateStatus(resources.pods, { ...(await env.client.get(resources.pods, ns, 'on-a')), status: { phase: 'Failed' } });
    await env.client.delete(resources.pods, ns, 'on-a');
    const events = await w.take(4);
    w.cancel();
    assert.deepEqual(summary(events), ['ADDED on-a', 'ADDED pending', 'MODIFIED on-a', 'DELETED on-a']);
  });

  it('sends bookmarks when asked to', async () => {
    const ns = await freshNamespace('bookmarks');
    const created = await env.client.create(resources.pods, pod('marked', ns));
    const w = new WatchRecorder(env.client.watch(resources.pods, { namespace: ns, resourceVersion: created.metadata.resourceVersion, allowBookmarks: true }));
    const events = await w.take(1, { bookmarks: true, timeoutMs: 5_000 });
    w.cancel();
    assert.equal(events[0].type, 'BOOKMARK');
    assert.equal(events[0].object.kind, 'Pod');
    assert.equal(events[0].object.apiVersion, 'v1');
    assert.ok(Number(events[0].object.metadata.resourceVersion) >= Number(created.metadata.resourceVersion));
    assert.deepEqual(Object.keys(events[0].object.metadata), ['resourceVersion']);

    const quiet = new WatchRecorder(env.client.watch(resources.pods, { namespace: ns, resourceVersion: created.metadata.resourceVersion }));
    await new Promise((r) => setTimeout(r, 1_500));
    quiet.cancel();
    assert.equal(quiet.events.length, 0, 'no bookmarks unless asked for');
  });

  it('serves hundreds of concurrent watchers', async () => {
    const ns = await freshNamespace('many');
    const WATCHERS = 200;
    const watchers = Array.from({ length: WATCHERS }, () => new WatchRecorder(env.client.watch<KubeObject>(resources.pods, { namespace: ns })));
    // Let every watch register before the write.
    await new Promise((r) => setTimeout(r, 500));
    await env.client.create(resources.pods, pod('broadcast', ns));
    for (const w of watchers) assert.deepEqual(summary(await w.take(1)), ['ADDED broadcast']);
    const metrics = await (await fetch(`http://127.0.0.1:${env.plane.apiserver.healthPort}/metrics`)).text();
    const gauge = /apiserver_registered_watchers\{resource="pods"\} (\d+)/.exec(metrics);
    assert.ok(gauge && Number(gauge[1]) >= WATCHERS, `watcher gauge: ${gauge?.[1]}`);
    for (const w of watchers) w.cancel();
    for (const w of watchers) await w.end();
  });

  it('answers Too large resource version for a version etcd has not reached, after a short wait', async () => {
    const current = Number((await env.client.list(resources.pods)).metadata.resourceVersion);
    const future = String(current + 1_000_000);
    const w = new WatchRecorder(env.client.watch(resources.pods, { resourceVersion: future }));
    const err = await w.end();
    assert.ok(isApiError(err, 'Timeout'), String(err));
    assert.match(err.message, new RegExp(`^Too large resource version: ${future}, current: \\d+$`));
  });

  it('refuses a malformed resourceVersion', async () => {
    const w = new WatchRecorder(env.client.watch(resources.pods, { resourceVersion: 'abc' }));
    const err = await w.end();
    assert.ok(isApiError(err, 'BadRequest'), String(err));
  });
});
