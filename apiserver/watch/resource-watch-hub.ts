// One etcd watch per resource, shared by every API watcher of that resource.
// It keeps the most recent changes so a watcher can start from a recent
// resourceVersion without its own etcd watch; watchers asking for older
// history get their own etcd watch instead (see direct-watch.ts). Its changes
// also keep the resource's watch cache (watch-cache.ts).
// The history is bounded by count and by age, as kube-apiserver's watch cache
// sizes its history to what is fresh: a change keeps the object before it,
// which no cache holds any more, so thousands of old changes held in an idle
// apiserver are thousands of objects held for nobody.
import { gone } from '../../api/errors.js';
import type { Logger } from '../../client/logger.js';
import type { KubeObject } from '../../api/types/index.js';
import type { ResourceCacheView } from '../registry/object-cache.js';
import type { ObjectStore, RawChange, StoreWatch } from '../storage/object-store.js';
import { cachedObject } from './cached-object.js';
import { ObjectChange } from './object-change.js';
import { WatchCache } from './watch-cache.js';
import type { ChangeSink, ChangeSource } from './change-sink.js';

/** Changes kept per resource for watchers that resume from a recent resourceVersion. */
export const WATCH_CACHE_CAPACITY = 5_000;
/** Changes older than this are dropped by dropStale (kube-apiserver's eventFreshDuration)... */
export const WATCH_HISTORY_FRESH_MS = 75_000;
/** ...except the most recent ones (kube-apiserver's smallest watch cache). */
export const WATCH_HISTORY_MIN = 100;

export interface WatchHistoryLimits {
  capacity: number;
  freshMs: number;
  min: number;
}

export const DEFAULT_WATCH_HISTORY: WatchHistoryLimits = { capacity: WATCH_CACHE_CAPACITY, freshMs: WATCH_HISTORY_FRESH_MS, min: WATCH_HISTORY_MIN };

interface BufferedChange {
  change: ObjectChange;
  atMs: number;
}
export const HUB_RECONNECT_INITIAL_MS = 200;
export const HUB_RECONNECT_MAX_MS = 5_000;

export class ResourceWatchHub implements ChangeSource {
  private buffer: BufferedChange[] = [];
  /** Every change after this revision is in the buffer or still to come. */
  private coveredFrom = 0;
  /** Every change up to this revision has been delivered. */
  private delivered = 0;
  private readonly sinks = new Set<ChangeSink>();
  private watch: StoreWatch | undefined;
  private ready: Promise<void> | undefined;
  private stopped = false;
  private reconnectDelay = HUB_RECONNECT_INITIAL_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly cache: WatchCache;

  constructor(
    private readonly store: Pick<ObjectStore, 'currentRevision' | 'watchPrefix' | 'range'>,
    readonly prefix: string,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly history: WatchHistoryLimits = DEFAULT_WATCH_HISTORY,
  ) {
    this.cache = new WatchCache(store, prefix, log);
  }

  /** Resolves once the hub is watching etcd. */
  start(): Promise<void> {
    this.ready ??= this.begin().catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  currentRevision(): number {
    return this.delivered;
  }

  /** The resource's objects to read from, once they are complete. */
  cacheView(): ResourceCacheView | undefined {
    return this.cache.view();
  }

  get watcherCount(): number {
    return this.sinks.size;
  }

  /**
   * Replays buffered changes after `afterRevision` into `sink` and keeps it
   * informed; undefined when the buffer no longer reaches back that far.
   */
  subscribe(afterRevision: number, sink: ChangeSink): (() => void) | undefined {
    if (!this.ready || this.coveredFrom === 0 || afterRevision < this.coveredFrom) return undefined;
    for (const { change } of this.buffer) {
      if (change.revision > afterRevision) sink.deliver(change);
    }
    this.sinks.add(sink);
    return () => {
      this.sinks.delete(sink);
    };
  }

  /** Drops changes older than the fresh window, keeping the most recent; an idle hub shrinks only here. */
  dropStale(): void {
    const oldest = this.now() - this.history.freshMs;
    let stale = 0;
    while (stale < this.buffer.length - this.history.min && this.buffer[stale].atMs < oldest) stale++;
    this.dropOldest(stale);
  }

  stop(): void {
    this.stopped = true;
    this.cache.stop();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.watch?.cancel();
    this.watch = undefined;
    for (const sink of [...this.sinks]) sink.end();
    this.sinks.clear();
  }

  private async begin(): Promise<void> {
    const revision = await this.store.currentRevision();
    this.buffer = [];
    this.coveredFrom = revision;
    this.delivered = revision;
    await this.open(revision + 1);
    await this.cache.reset(revision);
  }

  /** The change as shared frozen objects; the previous state comes from the cache when it holds that very revision. */
  private toChange(r: RawChange): ObjectChange {
    const object = r.value ? cachedObject(r.value, r.revision) : undefined;
    let prev: KubeObject | undefined;
    if (r.prev) {
      const cached = this.cache.get(r.key);
      prev = cached?.metadata.resourceVersion === String(r.prev.modRevision) ? cached : cachedObject(r.prev.value, r.prev.modRevision);
    }
    return new ObjectChange(r.type, r.revision, object, prev);
  }

  private async open(startRevision: number): Promise<void> {
    if (this.stopped) return;
    this.watch = await this.store.watchPrefix(this.prefix, startRevision, {
      onChanges: (changes, revision) => this.onChanges(changes, revision),
      onCompacted: (compactRevision) => this.onCompacted(compactRevision),
      onError: (err) => this.onError(err),
    });
  }

  private onChanges(raw: RawChange[], headerRevision: number): void {
    this.reconnectDelay = HUB_RECONNECT_INITIAL_MS;
    if (raw.length === 0) {
      // etcd's periodic progress notification, sent in line with events: nothing is pending up to it.
      this.delivered = Math.max(this.delivered, headerRevision);
      this.cache.progress(headerRevision);
      return;
    }
    for (const r of raw) {
      let change: ObjectChange;
      try {
        change = this.toChange(r);
      } catch (err) {
        this.log.error({ err, key: r.key }, 'skipping undecodable stored object');
        // Not served from the cache either, as a list from etcd skips it.
        this.cache.apply(r.key, new ObjectChange('delete', r.revision, undefined, undefined));
        continue;
      }
      this.cache.apply(r.key, change);
      this.buffer.push({ change, atMs: this.now() });
      this.delivered = Math.max(this.delivered, change.revision);
      for (const sink of this.sinks) this.deliverTo(sink, change);
      change.forgetTexts();
    }
    this.trim();
  }

  /** One broken watcher must not keep the change from the others. */
  private deliverTo(sink: ChangeSink, change: ObjectChange): void {
    try {
      sink.deliver(change);
    } catch (err) {
      this.log.error({ err, revision: change.revision }, 'a watcher failed to take a change; ending it');
      this.sinks.delete(sink);
      sink.end();
    }
  }

  private trim(): void {
    // Trim in batches so the buffer is not shifted on every change.
    const { capacity } = this.history;
    const slack = Math.max(1, Math.floor(capacity / 4));
    if (this.buffer.length > capacity + slack) this.dropOldest(this.buffer.length - capacity);
  }

  private dropOldest(count: number): void {
    if (count <= 0) return;
    const dropped = this.buffer.splice(0, count);
    this.coveredFrom = Math.max(this.coveredFrom, dropped[dropped.length - 1].change.revision);
  }

  private onCompacted(compactRevision: number): void {
    this.log.warn({ prefix: this.prefix, compactRevision }, 'shared watch fell behind compaction; watchers must re-list');
    const message = `too old resource version: ${this.delivered} (${compactRevision})`;
    for (const sink of [...this.sinks]) sink.end(gone(message));
    this.sinks.clear();
    this.watch = undefined;
    this.ready = undefined;
    this.coveredFrom = 0;
    this.cache.invalidate();
    this.scheduleReconnect(() => this.start());
  }

  private onError(err: Error): void {
    if (this.stopped) return;
    this.log.warn({ prefix: this.prefix, err: err.message }, 'shared etcd watch broke; resuming');
    this.watch = undefined;
    this.scheduleReconnect(() => this.open(this.delivered + 1));
  }

  private scheduleReconnect(action: () => Promise<void>): void {
    if (this.stopped) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, HUB_RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      action().catch((err: unknown) => this.onError(err instanceof Error ? err : new Error(String(err))));
    }, delay);
  }
}
