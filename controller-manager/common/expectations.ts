// Controller expectations, as client-go's ControllerExpectations with UID
// tracking for deletions: after a controller asks for N creates (or deletes),
// it does not act on that owner again until the informer has shown it those N
// changes, or until the expectations expire. Without this a burst of creates
// is repeated while the watch catches up.
import type { Clock } from '../../client/clock.js';

/** Expectations older than this are treated as met, so a lost event cannot wedge an owner (client-go: 5 min). */
export const EXPECTATIONS_TTL_MS = 5 * 60_000;

interface Expectation {
  adds: number;
  /** Keys of the pods we asked to delete and have not yet seen go. */
  deletes: Set<string>;
  setAt: number;
}

export class Expectations {
  private readonly byOwner = new Map<string, Expectation>();
  private readonly ttlMs: number;
  private readonly clock: Clock;

  constructor(clock: Clock, ttlMs = EXPECTATIONS_TTL_MS) {
    this.clock = clock;
    this.ttlMs = ttlMs;
  }

  /** True when the owner may be synced: nothing outstanding, never recorded, or expired. */
  satisfied(ownerKey: string): boolean {
    const e = this.byOwner.get(ownerKey);
    if (!e) return true;
    if (e.adds <= 0 && e.deletes.size === 0) return true;
    return this.clock.now() - e.setAt > this.ttlMs;
  }

  expectCreations(ownerKey: string, count: number): void {
    this.expect(ownerKey, count, []);
  }

  expectDeletions(ownerKey: string, podKeys: readonly string[]): void {
    this.expect(ownerKey, 0, podKeys);
  }

  /** Creates and deletes asked for in one sync: each call replaces what was expected before. */
  expect(ownerKey: string, adds: number, podKeys: readonly string[]): void {
    this.byOwner.set(ownerKey, { adds, deletes: new Set(podKeys), setAt: this.clock.now() });
  }

  /** A create we asked for was seen (or failed and will never be seen). */
  creationObserved(ownerKey: string): void {
    const e = this.byOwner.get(ownerKey);
    if (e && e.adds > 0) e.adds--;
  }

  /** A pod we asked to delete was seen going (or the delete failed). */
  deletionObserved(ownerKey: string, podKey: string): void {
    this.byOwner.get(ownerKey)?.deletes.delete(podKey);
  }

  /** What is still outstanding, for logs and tests. */
  pending(ownerKey: string): { adds: number; deletes: number } {
    const e = this.byOwner.get(ownerKey);
    return { adds: Math.max(0, e?.adds ?? 0), deletes: e?.deletes.size ?? 0 };
  }

  forget(ownerKey: string): void {
    this.byOwner.delete(ownerKey);
  }
}
