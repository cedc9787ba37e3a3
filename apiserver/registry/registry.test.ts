// The registry's verbs over the in-memory store, with a clock the tests move:
// what apiserver/test/ checks against etcd, here without one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError, type StatusReason } from '../../api/errors.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { MemoryStore } from '../storage/memory-store.js';
import type { WriteGuard, WriteResult } from '../storage/object-store.js';
import { GENERATE_NAME_ATTEMPTS } from './create.js';
import { harness, START, TestClock } from './registry-fixtures.js';
import { Registry } from './registry.js';

const PODS = findResource('pods') as ResourceInfo;
const DEPLOYMENTS = findResource('deployments') as ResourceInfo;
const NAMESPACES = findResource('namespaces') as ResourceInfo;
const EVENTS = findResource('events') as ResourceInfo;
function pod(name: string, extra: Partial<KubeObject['metadata']> = {}): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', ...extra },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] },
  });
}

function deployment(name: string): KubeObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } },
  };
}

function event(name: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default' },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'x', namespace: 'default' },
    reason: 'Testing',
    message: 'an event for the tests',
    type: 'Normal',
  });
}

function refusedWith(reason: StatusReason, message?: RegExp): (err: unknown) => boolean {
  return (err) => isApiError(err, reason) && (!message || message.test(err.message));
}

/** Answers its first `takenCount` creates as if the key were taken. */
class TakenNamesStore extends MemoryStore {
  attempted: string[] = [];

  constructor(private takenCount: number) {
    super();
  }

  override async create(key: string, value: string, lease?: string, guard?: WriteGuard): Promise<WriteResult> {
    if (!key.includes('/pods/')) return super.create(key, value, lease, guard);
    this.attempted.push(key);
    if (this.takenCount-- > 0) return { ok: false, current: { key, value: Buffer.from('{}'), modRevision: 1, createRevision: 1, lease: '0' } };
    return super.create(key, value, lease, guard);
  }
}

describe('Registry over the memory store', () => {
  it('creates with server metadata and reads it back at its resourceVersion', async () => {
    const { registry, store } = await harness();
    const created = await registry.create(PODS, 'default', pod('web'));
    assert.equal(created.metadata.creationTimestamp, '2026-03-04T05:06:07Z');
    assert.ok(created.metadata.uid);
    assert.equal(created.metadata.resourceVersion, String(await store.currentRevision()));
    assert.deepEqual(await registry.get(PODS, 'default', 'web'), created);
    await assert.rejects(registry.get(PODS, 'default', 'missing'), refusedWith('NotFound', /pods "missing" not found/));
  });

  it('answers AlreadyExists for a taken name', async () => {
    const { registry } = await harness();
    await registry.create(PODS, 'default', pod('twice'));
    await assert.rejects(registry.create(PODS, 'default', pod('twice')), refusedWith('AlreadyExists'));
  });

  it('lists what is stored at the store revision, narrowed by namespace', async () => {
    const { registry, store } = await harness();
    await registry.create(NAMESPACES, '', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } }));
    await registry.create(PODS, 'default', pod('a'));
    await registry.create(PODS, 'other', JSON.stringify({ ...JSON.parse(pod('b')), metadata: { name: 'b', namespace: 'other' } }));
    const all = await registry.list(PODS, '');
    assert.deepEqual(all.items.map((p) => p.metadata.name), ['a', 'b']);
    assert.equal(all.metadata.resourceVersion, String(await store.currentRevision()));
    assert.deepEqual((await registry.list(PODS, 'other')).items.map((p) => p.metadata.name), ['b']);
  });

  it('answers Conflict for a stale resourceVersion and accepts an unconditional update', async () => {
    const { registry } = await harness();
    const created = await registry.create(PODS, 'default', pod('stale'));
    const first = await registry.update(PODS, 'default', JSON.stringify({ ...created, metadata: { ...created.metadata, labels: { v: '2' } } }));
    assert.notEqual(first.metadata.resourceVersion, created.metadata.resourceVersion);
    await assert.rejects(
      registry.update(PODS, 'default', JSON.stringify({ ...created, metadata: { ...created.metadata, labels: { v: '3' } } })),
      refusedWith('Conflict', /the object has been modified/),
    );
    const { resourceVersion: _rv, ...unpinned } = created.metadata;
    const forced = await registry.update(PODS, 'default', JSON.stringify({ ...created, metadata: { ...unpinned, labels: { v: '4' } } }));
    assert.deepEqual(forced.metadata.labels, { v: '4' });
  });

  it('bumps generation on spec changes only, and not for status writes', async () => {
    const { registry } = await harness();
    const created = await registry.create(DEPLOYMENTS, 'default', JSON.stringify(deployment('gen')));
    assert.equal(created.metadata.generation, 1);
    const labelled = await registry.update(DEPLOYMENTS, 'default', JSON.stringify({ ...created, metadata: { ...created.metadata, labels: { team: 'a' } } }));
    assert.equal(labelled.metadata.generation, 1);
    const scaled = await registry.update(DEPLOYMENTS, 'default', JSON.stringify({ ...labelled, spec: { ...(labelled.spec as object), replicas: 3 } }));
    assert.equal(scaled.metadata.generation, 2);
    const statused = await registry.updateStatus(DEPLOYMENTS, 'default', JSON.stringify({ ...scaled, status: { observedGeneration: 2 } }));
    assert.equal(statused.metadata.generation, 2);
    assert.deepEqual(statused.status, { observedGeneration: 2 });
  });

  it('patches with a merge patch and writes nothing for an unchanged update', async () => {
    const { registry } = await harness();
    const created = await registry.create(PODS, 'default', pod('patched'));
    const patched = await registry.patch(PODS, 'default', 'patched', 'MERGE', JSON.stringify({ metadata: { labels: { tier: 'web' } } }));
    assert.deepEqual(patched.metadata.labels, { tier: 'web' });
    assert.ok(Number(patched.metadata.resourceVersion) > Number(created.metadata.resourceVersion));
    const again = await registry.update(PODS, 'default', JSON.stringify(patched));
    assert.equal(again.metadata.resourceVersion, patched.metadata.resourceVersion);
  });

  it('binds a pod once', async () => {
    const { registry } = await harness();
    await registry.create(PODS, 'default', pod('bindme'));
    const binding = (node: string): string => JSON.stringify({ metadata: { name: 'bindme' }, target: { kind: 'Node', name: node } });
    const bound = await registry.bind('default', binding('node-a'));
    assert.equal((bound.spec as { nodeName?: string }).nodeName, 'node-a');
    await assert.rejects(registry.bind('default', binding('node-b')), refusedWith('Conflict', /already assigned to node "node-a"/));
  });

  it('deletes a pod on a node gracefully, on the injected clock', async () => {
    const { registry, clock } = await harness();
    await registry.create(PODS, 'default', pod('graceful'));
    await registry.bind('default', JSON.stringify({ metadata: { name: 'graceful' }, target: { kind: 'Node', name: 'node-1' } }));
    clock.advance(100);
    const first = await registry.delete(PODS, 'default', 'graceful');
    assert.equal(first.deleted, false);
    assert.equal(first.object.metadata.deletionGracePeriodSeconds, 30);
    assert.equal(first.object.metadata.deletionTimestamp, '2026-03-04T05:08:17Z');
    const now = await registry.delete(PODS, 'default', 'graceful', JSON.stringify({ gracePeriodSeconds: 0 }));
    assert.equal(now.deleted, true);
    await assert.rejects(registry.get(PODS, 'default', 'graceful'), refusedWith('NotFound'));
  });

  it('holds deletion while finalizers remain and releases it by update', async () => {
    const { registry } = await harness();
    await registry.create(PODS, 'default', pod('finalized', { finalizers: ['example.com/cleanup'] }));
    const held = await registry.delete(PODS, 'default', 'finalized');
    assert.equal(held.deleted, false);
    assert.equal(held.object.metadata.deletionTimestamp, '2026-03-04T05:06:07Z');
    await registry.get(PODS, 'default', 'finalized');
    await registry.update(PODS, 'default', JSON.stringify({ ...held.object, metadata: { ...held.object.metadata, finalizers: [] } }));
    await assert.rejects(registry.get(PODS, 'default', 'finalized'), refusedWith('NotFound'));
  });

  it('turns a deleted namespace Terminating and refuses new content in it', async () => {
    const { registry } = await harness();
    await registry.create(NAMESPACES, '', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'leaving' } }));
    const outcome = await registry.delete(NAMESPACES, '', 'leaving');
    assert.equal(outcome.deleted, false);
    assert.equal((outcome.object.status as { phase?: string }).phase, 'Terminating');
    await assert.rejects(
      registry.create(PODS, 'leaving', JSON.stringify({ ...JSON.parse(pod('late')), metadata: { name: 'late', namespace: 'leaving' } })),
      refusedWith('Forbidden', /unable to create new content in namespace leaving because it is being terminated/),
    );
  });

  it('refuses a create whose namespace turned Terminating after it was checked', async () => {
    const clock = new TestClock();
    let registry: Registry | undefined;
    let fired = false;
    const store = new (class extends MemoryStore {
      override async create(key: string, value: string, lease?: string, guard?: WriteGuard): Promise<WriteResult> {
        if (guard && !fired) {
          fired = true;
          await registry?.delete(NAMESPACES, '', 'racy');
        }
        return super.create(key, value, lease, guard);
      }
    })(clock.now);
    registry = (await harness({ store, clock })).registry;
    await registry.create(NAMESPACES, '', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'racy' } }));
    await assert.rejects(
      registry.create(PODS, 'racy', JSON.stringify({ ...JSON.parse(pod('late')), metadata: { name: 'late', namespace: 'racy' } })),
      refusedWith('Forbidden', /being terminated/),
    );
    assert.deepEqual((await registry.list(PODS, 'racy')).items, []);
  });

  it('tries another generated name when one is taken, and gives up after a few', async () => {
    const lucky = new TakenNamesStore(1);
    const { registry } = await harness({ store: lucky });
    const created = await registry.create(PODS, 'default', JSON.stringify({ ...JSON.parse(pod('')), metadata: { generateName: 'web-', namespace: 'default' } }));
    assert.equal(lucky.attempted.length, 2);
    assert.match(created.metadata.name ?? '', /^web-[a-z0-9]{5}$/);
    assert.notEqual(lucky.attempted[0], lucky.attempted[1]);

    const unlucky = new TakenNamesStore(Number.POSITIVE_INFINITY);
    const second = await harness({ store: unlucky });
    await assert.rejects(
      second.registry.create(PODS, 'default', JSON.stringify({ ...JSON.parse(pod('')), metadata: { generateName: 'web-', namespace: 'default' } })),
      refusedWith('AlreadyExists'),
    );
    assert.equal(unlucky.attempted.length, GENERATE_NAME_ATTEMPTS);
  });

  it('keeps events with a lease, and writes with a fresh lease when the cached one expired', async () => {
    const clock = new TestClock();
    const frozenPoolClock = (): number => START;
    const { registry, store } = await harness({ clock, leaseClock: frozenPoolClock });
    await registry.create(EVENTS, 'default', event('first'));
    const firstLease = (await store.get('/registry/core/events/default/first'))?.lease;
    assert.notEqual(firstLease, '0');
    // The pool still thinks its lease is current; the store has expired it, and the event with it.
    clock.advance(2 * 3600);
    await assert.rejects(registry.get(EVENTS, 'default', 'first'), refusedWith('NotFound'));
    await registry.create(EVENTS, 'default', event('second'));
    const secondLease = (await store.get('/registry/core/events/default/second'))?.lease;
    assert.ok(secondLease && secondLease !== '0' && secondLease !== firstLease);
  });
});
