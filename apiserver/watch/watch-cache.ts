// The objects of one resource, listed once and then kept current by the
// changes of the resource's shared watch, as kube-apiserver's watch cache.
// A list that fails (etcd away, a value no provider can decrypt) is retried
// with backoff; meanwhile, and after a compaction lost changes, the cache
// reports itself incomplete and reads go to etcd.
import type { Logger } from '../../client/logger.js';
import type { KubeObject } from '../../api/types/index.js';
import type { CachedItem, ResourceCacheView } from '../registry/object-cache.js';
import type { ObjectStore } from '../storage/object-store.js';
import { CacheStore } from './cache-store.js';
import { cachedObject } from './cached-object.js';
import type { ObjectChange } from './object-change.js';
import { RevisionWaiters } from './revision-waiters.js';

export const CACHE_LIST_RETRY_INITIAL_MS = 500;
export const CACHE_LIST_RETRY_MAX_MS = 60_000;

interface KeyedChange {
  key: string;
  change: ObjectChange;
}

export class WatchCache implements ResourceCacheView {
  private readonly objects = new CacheStore();
  private readonly waiters = new RevisionWaiters();
  /** The revision the objects were listed at; changes up to it are in the list. */
  private listedAt = 0;
  /** Every change up to this revision has been applied or was in the list. */
  private delivered = 0;
  private complete = false;
  /** Changes that arrive while a list is in flight, applied on top of it. */
  private pending: KeyedChange[] = [];
  /** Bumped on every reset, so a list started before it is dropped. */
  private generation = 0;
  private retryDelay = CACHE_LIST_RETRY_INITIAL_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** A list is in flight: changes arriving meanwhile may be newer than it. */
  private listing = false;

  constructor(
    private readonly store: Pick<ObjectStore, 'range'>,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {}

  /** The cache to read from, once it is complete. */
  view(): ResourceCacheView | undefined {
    return this.complete ? this : undefined;
  }

  revision(): number {
    return Math.max(this.delivered, this.listedAt);
  }

  get(key: string): KubeObject | undefined {
    return this.complete ? this.objects.get(key) : undefined;
  }

  itemsUnder(prefix: string): readonly CachedItem[] {
    return this.objects.itemsUnder(prefix);
  }

  waitUntil(revision: number, waitMs: number): Promise<boolean> {
    return this.waiters.wait(revision, this.complete ? this.revision() : 0, waitMs);
  }

  /** The watch (re)starts after `revision`: forget the objects and list them again; resolves after the first attempt. */
  reset(revision: number): Promise<void> {
    this.complete = false;
    this.generation++;
    this.pending = [];
    this.delivered = revision;
    this.listedAt = 0;
    this.retryDelay = CACHE_LIST_RETRY_INITIAL_MS;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    return this.fill(this.generation);
  }

  /** Changes were lost (compaction): incomplete until the next reset. */
  invalidate(): void {
    this.complete = false;
    this.generation++;
    this.pending = [];
  }

  apply(key: string, change: ObjectChange): void {
    this.delivered = Math.max(this.delivered, change.revision);
    if (this.complete) this.applyToObjects({ key, change });
    else if (this.listing) this.pending.push({ key, change });
    this.settleWaiters();
  }

  /** Nothing is pending up to `revision` (etcd's periodic progress notification). */
  progress(revision: number): void {
    this.delivered = Math.max(this.delivered, revision);
    this.settleWaiters();
  }

  stop(): void {
    this.stopped = true;
    this.invalidate();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.waiters.cancelAll();
  }

  private settleWaiters(): void {
    if (this.complete) this.waiters.reached(this.revision());
  }

  private applyToObjects({ key, change }: KeyedChange): void {
    if (change.revision <= this.listedAt) return;
    if (change.object) this.objects.put(key, change.object);
    else this.objects.delete(key);
  }

  private async fill(generation: number): Promise<void> {
    let listed;
    // Whatever was delivered before the list is sent is in it.
    this.pending = [];
    this.listing = true;
    try {
      listed = await this.store.range(this.prefix);
    } catch (err) {
      this.listing = false;
      if (generation !== this.generation || this.stopped) return;
      this.log.warn({ prefix: this.prefix, err: err instanceof Error ? err.message : String(err) }, 'could not list for the watch cache; reads go to etcd meanwhile');
      this.scheduleFill(generation);
      return;
    }
    this.listing = false;
    if (generation !== this.generation || this.stopped) return;
    const items: CachedItem[] = [];
    for (const kv of listed.items) {
      const object = this.decode(kv.key, kv.value, kv.modRevision);
      if (object) items.push({ key: kv.key, object });
    }
    this.objects.replace(items);
    this.listedAt = listed.revision;
    for (const keyed of this.pending) this.applyToObjects(keyed);
    this.pending = [];
    this.complete = true;
    this.settleWaiters();
  }

  private scheduleFill(generation: number): void {
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, CACHE_LIST_RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => void this.fill(generation), delay);
    this.retryTimer.unref();
  }

  private decode(key: string, value: Buffer, modRevision: number): KubeObject | undefined {
    try {
      return cachedObject(value, modRevision);
    } catch (err) {
      this.log.error({ err, key }, 'skipping undecodable stored object');
      return undefined;
    }
  }
}
