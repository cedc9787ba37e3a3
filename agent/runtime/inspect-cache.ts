// The last inspection of each container, reused while the engine's list says
// the container is still in the state it was inspected in. Every pod sync
// reads its pod's containers; without this, a pod that just started (its own
// start events and status write each ask for a sync) and every idle pod at
// each resync cost the engine an inspection per container. A container
// changes behind an unchanged listed state only by a stop and a start between
// two lists: the engine's events for it, and every change the agent makes
// itself, drop its entry; an age limit bounds what a missed event can cost.
import type { RuntimeContainer } from './runtime-types.js';

/** An inspection is reused at most this long, even with no event for its container. */
export const INSPECT_CACHE_MAX_AGE_MS = 30_000;

interface Entry {
  /** The engine's state word when inspected (running, exited, created, ...), as its list reports it. */
  status: string;
  container: RuntimeContainer;
  atMs: number;
}

export class InspectCache {
  private readonly entries = new Map<string, Entry>();
  /** A counter of forgets, and when each container was last forgotten: an inspection under way across a forget is stale. */
  private epoch = 0;
  private readonly forgottenAt = new Map<string, number>();
  private clearedAt = -1;

  constructor(private readonly now: () => number = Date.now) {}

  /** The cached inspection, when the engine lists the container in the same state and it is recent. */
  get(id: string, listedStatus: string): RuntimeContainer | undefined {
    const entry = this.recent(id);
    if (entry && entry.status !== listedStatus) this.entries.delete(id);
    return entry?.status === listedStatus ? entry.container : undefined;
  }

  /**
   * The cached inspection while nothing has dropped it and it is recent, with
   * no listed state to check it against: for containers the caller has just
   * listed or changed itself, whose every later change comes as an event.
   */
  unchanged(id: string): RuntimeContainer | undefined {
    return this.recent(id)?.container;
  }

  /** The entry while younger than the age limit; an older one is dropped. */
  private recent(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (!entry || this.now() - entry.atMs < INSPECT_CACHE_MAX_AGE_MS) return entry;
    this.entries.delete(id);
    return undefined;
  }

  /** To be taken before an inspection starts, and given to set(). */
  mark(): number {
    return this.epoch;
  }

  /** Keeps an inspection, unless its container was forgotten since `mark` was taken. */
  set(id: string, mark: number, status: string, container: RuntimeContainer): void {
    if ((this.forgottenAt.get(id) ?? -1) >= mark || this.clearedAt >= mark) return;
    this.entries.set(id, { status, container, atMs: this.now() });
  }

  /** The container changed (an event, or the agent's own start, stop, rename or remove). */
  forget(id: string): void {
    this.entries.delete(id);
    this.forgottenAt.set(id, this.epoch++);
  }

  /** Events may have been missed (the event stream broke): nothing cached is trusted. */
  clear(): void {
    this.entries.clear();
    this.forgottenAt.clear();
    this.clearedAt = this.epoch++;
  }

  /** Keeps only the containers the engine still lists. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.entries.keys()) if (!ids.has(id)) this.entries.delete(id);
    for (const id of this.forgottenAt.keys()) if (!ids.has(id)) this.forgottenAt.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
