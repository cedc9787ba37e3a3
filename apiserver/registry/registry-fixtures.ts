// A registry over the in-memory store with a clock tests move, for the
// registry's unit tests.
import { createLogger } from '../../client/logger.js';
import { KeySpace } from '../storage/keys.js';
import { LeasePool } from '../storage/lease-pool.js';
import { MemoryStore } from '../storage/memory-store.js';
import type { RegistryContext } from './context.js';
import { ensureSystemNamespaces } from './namespace-lifecycle.js';
import { Registry } from './registry.js';
import type { WriteHooks } from './write-hooks.js';
import { WatchService } from '../watch/watch-service.js';

export const START = Date.parse('2026-03-04T05:06:07Z');

export class TestClock {
  ms = START;
  readonly now = (): number => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export interface Harness {
  registry: Registry;
  store: MemoryStore;
  clock: TestClock;
  /** With `cached`: the watches whose cache the registry reads. */
  watches?: WatchService;
}

/** A registry over `store` (a fresh memory store by default) with the system namespaces in place. */
export async function harness(
  options: { store?: MemoryStore; clock?: TestClock; leaseClock?: () => number; writeHooks?: WriteHooks; cached?: boolean } = {},
): Promise<Harness> {
  const clock = options.clock ?? new TestClock();
  const store = options.store ?? new MemoryStore(clock.now);
  const ctx: RegistryContext = {
    store,
    keys: new KeySpace('/registry'),
    eventLeases: new LeasePool(store, undefined, undefined, options.leaseClock ?? clock.now),
    log: createLogger('registry-test', 'silent'),
    now: clock.now,
    writeHooks: options.writeHooks,
  };
  const registry = new Registry(ctx);
  await ensureSystemNamespaces(registry);
  if (!options.cached) return { registry, store, clock };
  const watches = new WatchService(ctx, ctx.log);
  await watches.start();
  ctx.cache = watches;
  return { registry, store, clock, watches };
}

