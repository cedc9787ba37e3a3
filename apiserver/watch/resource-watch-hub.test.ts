// The shared watch's history: bounded by age as well as count, so an idle
// apiserver holds no stale changes, and what it dropped is left to a
// watcher's own store watch.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import { createLogger } from '../../client/logger.js';
import type { RegistryContext } from '../registry/context.js';
import { Registry } from '../registry/registry.js';
import { KeySpace } from '../storage/keys.js';
import { LeasePool } from '../storage/lease-pool.js';
import { MemoryStore } from '../storage/memory-store.js';
import type { ChangeSink } from './change-sink.js';
import { ResourceWatchHub } from './resource-watch-hub.js';

const NAMESPACES = findResource('namespaces') as ResourceInfo;
const CONFIGMAPS = findResource('configmaps') as ResourceInfo;
const LIMITS = { capacity: 50, freshMs: 1_000, min: 3 };
const WAIT_MS = 2_000;

const sink: ChangeSink = { deliver: () => undefined, end: () => undefined };

async function untilSeen(hub: ResourceWatchHub, revision: number): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (hub.currentRevision() < revision) {
    if (Date.now() > deadline) throw new Error(`the hub did not see revision ${revision}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function hubWithChanges(count: number, clock: { now: number }): Promise<{ hub: ResourceWatchHub; revisions: number[]; registry: Registry }> {
  const store = new MemoryStore();
  const log = createLogger('watch-hub-test', 'silent');
  const ctx: RegistryContext = { store, keys: new KeySpace('/registry'), eventLeases: new LeasePool(store), log, now: () => clock.now };
  const registry = new Registry(ctx);
  await registry.create(NAMESPACES, '', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }));
  const hub = new ResourceWatchHub(store, ctx.keys.resourcePrefix(CONFIGMAPS), log, () => clock.now, LIMITS);
  await hub.start();
  const revisions: number[] = [];
  for (let i = 0; i < count; i++) {
    const cm = await registry.create(CONFIGMAPS, 'default', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` } }));
    revisions.push(Number(cm.metadata.resourceVersion));
  }
  await untilSeen(hub, revisions.at(-1)!);
  return { hub, revisions, registry };
}

describe('the shared watch history', () => {
  it('drops changes that are no longer fresh, keeping the most recent ones', async () => {
    const clock = { now: 1_000_000 };
    const { hub, revisions } = await hubWithChanges(10, clock);
    try {
      hub.dropStale();
      assert.ok(hub.subscribe(revisions[0]!, sink), 'fresh changes are all kept');
      clock.now += LIMITS.freshMs + 1;
      hub.dropStale();
      assert.equal(hub.subscribe(revisions[0]!, sink), undefined, 'a watcher from before the kept changes needs its own watch');
      const keptFrom = revisions[revisions.length - LIMITS.min - 1]!;
      assert.equal(hub.subscribe(keptFrom - 1, sink), undefined);
      assert.ok(hub.subscribe(keptFrom, sink), 'the most recent changes stay however old');
    } finally {
      hub.stop();
    }
  });

  it('keeps every change younger than the fresh window, beyond the minimum', async () => {
    const clock = { now: 1_000_000 };
    const { hub, revisions, registry } = await hubWithChanges(5, clock);
    try {
      clock.now += LIMITS.freshMs + 1;
      let last = 0;
      for (let i = 0; i < LIMITS.min + 1; i++) {
        const cm = await registry.create(CONFIGMAPS, 'default', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `later-${i}` } }));
        last = Number(cm.metadata.resourceVersion);
      }
      await untilSeen(hub, last);
      hub.dropStale();
      // Every fresh change stays, more than the minimum; every stale one goes.
      assert.ok(hub.subscribe(revisions.at(-1)!, sink));
      assert.equal(hub.subscribe(revisions.at(-1)! - 1, sink), undefined);
    } finally {
      hub.stop();
    }
  });
});
