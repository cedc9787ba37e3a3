// An informer inside the apiserver reads the registry and the shared watches
// directly: the same objects and events a gRPC client would get.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { Informer } from '../../client/informer.js';
import { createLogger } from '../../client/logger.js';
import { harness } from '../registry/registry-fixtures.js';
import { InProcessSource } from './in-process-source.js';

const PODS = findResource('pods') as ResourceInfo;
const SYNC_MS = 2_000;
const POLL_MS = 5;

function pod(name: string, labels: Record<string, string> = {}): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
}

async function until(what: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + SYNC_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function setup() {
  const h = await harness({ cached: true });
  const watches = h.watches;
  assert.ok(watches);
  return { ...h, source: new InProcessSource(h.registry, watches) };
}

describe('in-process list and watch', () => {
  it('fills an informer from a list, then follows adds, updates and deletes without re-encoding', async () => {
    const { registry, source, watches } = await setup();
    await registry.create(PODS, 'default', pod('before'));
    const informer = new Informer<KubeObject>(source, PODS, {}, createLogger('test', 'silent'));
    informer.start();
    await informer.waitForSync(SYNC_MS);
    assert.deepEqual(informer.store.list().map((p) => p.metadata.name), ['before']);
    const created = await registry.create(PODS, 'default', pod('after'));
    await until('the add', () => informer.store.list().length === 2);
    await registry.update(PODS, 'default', JSON.stringify({ ...created, metadata: { ...created.metadata, labels: { v: '2' } } }));
    await until('the update', () => informer.store.list().some((p) => p.metadata.labels?.v === '2'));
    await registry.delete(PODS, 'default', 'before', JSON.stringify({ gracePeriodSeconds: 0 }));
    await until('the delete', () => informer.store.list().length === 1);
    assert.ok(Object.isFrozen(informer.store.list()[0]));
    await informer.stop();
    watches?.stop();
  });

  it('filters by label as the gRPC watch does, and ends the stream on cancel', async () => {
    const { registry, source, watches } = await setup();
    const list = await source.list(PODS, {});
    const stream = source.watch(PODS, { resourceVersion: list.metadata?.resourceVersion, labelSelector: 'app=web' });
    await registry.create(PODS, 'default', pod('db', { app: 'db' }));
    await registry.create(PODS, 'default', pod('web', { app: 'web' }));
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    assert.equal(first.done, false);
    assert.equal(first.value?.type, 'ADDED');
    assert.equal(first.value?.object.metadata.name, 'web');
    stream.cancel();
    assert.equal((await iterator.next()).done, true);
    watches?.stop();
  });

  it('fails the stream with the error a bad selector gets over gRPC', async () => {
    const { source, watches } = await setup();
    const stream = source.watch(PODS, { labelSelector: 'app in (' });
    await assert.rejects(stream[Symbol.asyncIterator]().next(), (err) => isApiError(err, 'BadRequest'));
    watches?.stop();
  });
});
