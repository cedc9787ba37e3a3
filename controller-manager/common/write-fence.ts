// Remembers the resourceVersions of our own writes, so a controller does not
// act again on a cache that has not yet seen them: acting on a stale size
// could take a rollout past maxSurge or below maxUnavailable.
import type { Clock } from '../../client/clock.js';

/** A write not seen by then is assumed lost in a re-list and no longer waited for. */
export const WRITE_FENCE_TTL_MS = 30_000;

interface Pending {
  resourceVersion: bigint;
  at: number;
}

export class WriteFence {
  private readonly pending = new Map<string, Pending>();
  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  /**
   * We wrote the object at `key`; the store answered `resourceVersion`.
   * `cachedVersion` is what the cache holds now: the watch event can arrive
   * before the write's reply.
   */
  wrote(key: string, resourceVersion: string | undefined, cachedVersion: string | undefined): void {
    const rv = toBigInt(resourceVersion);
    if (rv === undefined) return;
    const cached = toBigInt(cachedVersion);
    if (cached !== undefined && cached >= rv) return;
    this.pending.set(key, { resourceVersion: rv, at: this.clock.now() });
  }

  /** The cache now holds `key` at `resourceVersion` (undefined: it is gone). */
  observed(key: string, resourceVersion: string | undefined): void {
    const p = this.pending.get(key);
    if (!p) return;
    const rv = toBigInt(resourceVersion);
    if (rv === undefined || rv >= p.resourceVersion) this.pending.delete(key);
  }

  /** True while some write to one of these keys has not reached the cache. */
  waiting(keys: Iterable<string>): boolean {
    const now = this.clock.now();
    for (const key of keys) {
      const p = this.pending.get(key);
      if (!p) continue;
      if (now - p.at > WRITE_FENCE_TTL_MS) {
        this.pending.delete(key);
        continue;
      }
      return true;
    }
    return false;
  }

  /** Keys with writes outstanding, for the owner's sync to check. */
  keys(): string[] {
    return [...this.pending.keys()];
  }
}

function toBigInt(rv: string | undefined): bigint | undefined {
  if (!rv || !/^\d+$/.test(rv)) return undefined;
  return BigInt(rv);
}
