// API watches over the memory store: the shared hub for recent history, a
// watcher's own store watch for older history, Gone past compaction.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError, type ApiError } from '../../api/errors.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { createLogger } from '../../client/logger.js';
import type { RegistryContext } from '../registry/context.js';
import { Registry } from '../registry/registry.js';
import { KeySpace } from '../storage/keys.js';
import { LeasePool } from '../storage/lease-pool.js';
import { MemoryStore } from '../storage/memory-store.js';
import type { OutgoingEvent } from './watch-filter.js';
import type { WatchOutput } from './watch-session.js';
import { WatchService } from './watch-service.js';

const NAMESPACES = findResource('namespaces') as ResourceInfo;
const PODS = findResource('pods') as ResourceInfo;
const WAIT_MS = 2_000;
const POLL_MS = 5;

class RecordingOutput implements WatchOutput {
  readonly events: OutgoingEvent[] = [];
  failure: ApiError | undefined;

  send(event: OutgoingEvent): void {
    this.events.push(event);
  }

  fail(err: ApiError): void {
    this.failure = err;
  }

  close(): void {}

  summary(): string[] {
    return this.events.map((e) => `${e.type} ${(JSON.parse(e.objectJson) as KubeObject).metadata.name ?? ''}`);
  }

  async until(what: string, done: () => boolean): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; saw ${JSON.stringify(this.summary())}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

function pod(name: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] },
  });
}

async function setup(): Promise<{ registry: Registry; store: MemoryStore; watches: WatchService }> {
  const store = new MemoryStore();
  const log = createLogger('watch-service-test', 'silent');
  const ctx: RegistryContext = { store, keys: new KeySpace('/registry'), eventLeases: new LeasePool(store), log, now: Date.now };
  const registry = new Registry(ctx);
  await registry.create(NAMESPACES, '', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }));
  return { registry, store, watches: new WatchService(ctx, log) };
}

const everyPod = { info: PODS, namespace: 'default' };

describe('WatchService over the memory store', () => {
  it('sends the current state, then ADDED, MODIFIED and DELETED as they happen', async () => {
    const { registry, watches } = await setup();
    await registry.create(PODS, 'default', pod('before'));
    await watches.start();
    const out = new RecordingOutput();
    const session = await watches.watch(everyPod, { resourceVersion: '', allowBookmarks: false }, out);
    try {
      await registry.create(PODS, 'default', pod('after'));
      await registry.patch(PODS, 'default', 'after', 'MERGE', JSON.stringify({ metadata: { labels: { a: 'b' } } }));
      await registry.delete(PODS, 'default', 'after');
      await out.until('four events', () => out.events.length >= 4);
      assert.deepEqual(out.summary(), ['ADDED before', 'ADDED after', 'MODIFIED after', 'DELETED after']);
    } finally {
      session.cancel();
      watches.stop();
    }
  });

  it('replays history older than the hub from the store', async () => {
    const { registry, watches } = await setup();
    const created = await registry.create(PODS, 'default', pod('old'));
    await registry.patch(PODS, 'default', 'old', 'MERGE', JSON.stringify({ metadata: { labels: { a: 'b' } } }));
    await watches.start();
    const out = new RecordingOutput();
    const session = await watches.watch(everyPod, { resourceVersion: created.metadata.resourceVersion ?? '', allowBookmarks: false }, out);
    try {
      await out.until('the replayed change', () => out.events.length >= 1);
      assert.deepEqual(out.summary(), ['MODIFIED old']);
    } finally {
      session.cancel();
      watches.stop();
    }
  });

  it('answers Gone for a resourceVersion older than the compacted history', async () => {
    const { registry, store, watches } = await setup();
    const created = await registry.create(PODS, 'default', pod('old'));
    await registry.patch(PODS, 'default', 'old', 'MERGE', JSON.stringify({ metadata: { labels: { a: 'b' } } }));
    await registry.patch(PODS, 'default', 'old', 'MERGE', JSON.stringify({ metadata: { labels: { a: 'c' } } }));
    await store.compact(await store.currentRevision());
    await watches.start();
    const out = new RecordingOutput();
    await watches.watch(everyPod, { resourceVersion: created.metadata.resourceVersion ?? '', allowBookmarks: false }, out);
    try {
      await out.until('the watch to fail', () => out.failure !== undefined);
      assert.ok(isApiError(out.failure, 'Gone'), `expected Gone, got ${String(out.failure)}`);
      assert.match(out.failure.message, new RegExp(`^too old resource version: ${created.metadata.resourceVersion} \\(\\d+\\)$`));
    } finally {
      watches.stop();
    }
  });
});
