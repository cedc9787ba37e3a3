// An informer keeps a local cache of one kind of object in step with the
// apiserver: list once, then watch from the list's resourceVersion, and tell
// handlers about every change after the cache has taken it in. Like client-go's
// reflector + shared informer: level-triggered consumers read the cache, never
// the wire, and a missed watch window is healed by re-listing.
import type { Logger } from 'pino';
import { ApiError, isApiError } from '../api/errors.js';
import { qualifiedResource, type ResourceInfo } from '../api/resources.js';
import type { KubeList, KubeObject, WatchEvent } from '../api/types/index.js';
import { raceAbort, sleep } from './abort-helpers.js';
import type { WatchStream } from './api-client.js';
import type { ListWatchSource } from './list-watch-source.js';
import { Backoff } from './backoff.js';
import { CacheStore, type Store } from './cache-store.js';
import { deepFreeze } from '../api/deep-freeze.js';
import { ValueInterner } from '../api/value-interner.js';
import { keyOf } from './object-key.js';
import { silentLogger } from './silent-logger.js';

export { keyOf, splitKey } from './object-key.js';

/**
 * Shared by every informer of the process: the objects of all caches repeat
 * the same strings (namespaces, policies, images, tolerations, owners).
 */
const interner = new ValueInterner();
export type { Store, IndexFunc } from './cache-store.js';

/** First wait after a failed list or watch; doubles on each further failure. */
export const INFORMER_BACKOFF_INITIAL_MS = 1_000;
/** Longest wait between reconnect attempts. */
export const INFORMER_BACKOFF_MAX_MS = 30_000;
/**
 * A watch that ends sooner than this without delivering anything counts as a
 * failure, so a server that keeps closing streams does not get a tight loop.
 */
export const MIN_WATCH_DURATION_MS = 1_000;
/**
 * A watch is ended and resumed from its resourceVersion after this long (times
 * 1..2, spread so informers do not all reconnect at once), as client-go's
 * reflector does, so a connection that stalled without an error heals.
 */
export const MAX_WATCH_DURATION_MS = 5 * 60_000;
/** How long waitForSync waits when the caller gives no timeout. */
export const DEFAULT_SYNC_TIMEOUT_MS = 60_000;

export interface InformerOptions {
  /** Only this namespace; empty or absent means all namespaces. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Every period, onUpdate(obj, obj) for every cached object; 0 or absent: never. */
  resyncPeriodMs?: number;
  /**
   * What the cache keeps of each object, as client-go's SetTransform: a cache that
   * needs a few fields of many objects need not hold them whole. It must keep the
   * metadata's name, namespace and resourceVersion, and gets a fresh object it may edit.
   */
  transform?: (obj: KubeObject) => KubeObject;
}

/**
 * Handlers should be quick (enqueue a key and return). They run after the
 * cache holds the change; what they receive is deep-frozen. A returned promise
 * is not awaited, only watched for rejection.
 */
export interface ResourceEventHandler<T extends KubeObject> {
  onAdd?(obj: T): unknown;
  onUpdate?(oldObj: T, newObj: T): unknown;
  /** Receives the last state of the object (the watch's DELETED object, or the cached one after a re-list). */
  onDelete?(obj: T): unknown;
}

export interface HandlerRegistration {
  remove(): void;
}

interface SyncWaiter {
  resolve(): void;
  reject(err: ApiError): void;
}

export class Informer<T extends KubeObject> {
  readonly resource: ResourceInfo<T>;
  readonly options: Readonly<InformerOptions>;
  private readonly client: ListWatchSource;
  private readonly logger: Logger;
  private readonly cache = new CacheStore<T>();
  private handlers: ResourceEventHandler<T>[] = [];
  private resourceVersion = '';
  private synced = false;
  private started = false;
  private stopped = false;
  private readonly abort = new AbortController();
  private currentWatch: WatchStream<T> | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private syncWaiters: SyncWaiter[] = [];
  private running: Promise<void> = Promise.resolve();

  constructor(client: ListWatchSource, resource: ResourceInfo<T>, opts: InformerOptions = {}, logger?: Logger) {
    this.client = client;
    this.resource = resource;
    this.options = Object.freeze({ ...opts });
    this.logger = (logger ?? silentLogger()).child({ informer: qualifiedResource(resource), ...(opts.namespace ? { ns: opts.namespace } : {}) });
  }

  /** The cache. Objects in it are deep-frozen: structuredClone before editing. */
  get store(): Store<T> {
    return this.cache;
  }

  /**
   * Adds a handler. Added after the first sync, it is told about every cached
   * object through onAdd before this call returns, as client-go does.
   */
  addEventHandler(handler: ResourceEventHandler<T>): HandlerRegistration {
    this.handlers = [...this.handlers, handler];
    if (this.synced) {
      for (const obj of this.cache.list()) this.call('onAdd', () => handler.onAdd?.(obj));
    }
    return {
      remove: () => {
        this.handlers = this.handlers.filter((h) => h !== handler);
      },
    };
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.running = this.run().catch((err: unknown) => {
      this.logger.error({ err }, 'informer loop ended unexpectedly');
    });
  }

  /** Ends the watch and the resync timer; resolves when the loop has exited. */
  async stop(): Promise<void> {
    if (this.stopped) return this.running;
    this.stopped = true;
    this.abort.abort();
    this.currentWatch?.cancel();
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.resyncTimer = undefined;
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    for (const w of waiters) w.reject(new ApiError('ServiceUnavailable', `informer for ${this.describe()} stopped before it synced`));
    await this.running;
  }

  isStarted(): boolean {
    return this.started;
  }

  /** True once the first list is in the cache and its handlers have run. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** The resourceVersion the next watch would start from. */
  lastSyncResourceVersion(): string {
    return this.resourceVersion;
  }

  waitForSync(timeoutMs = DEFAULT_SYNC_TIMEOUT_MS): Promise<void> {
    if (this.synced) return Promise.resolve();
    if (this.stopped) {
      return Promise.reject(new ApiError('ServiceUnavailable', `informer for ${this.describe()} is stopped`));
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: SyncWaiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      const timer = setTimeout(() => {
        this.syncWaiters = this.syncWaiters.filter((w) => w !== waiter);
        reject(new ApiError('Timeout', `informer for ${this.describe()} did not sync within ${timeoutMs} ms`));
      }, timeoutMs);
      this.syncWaiters.push(waiter);
    });
  }

  private describe(): string {
    return qualifiedResource(this.resource);
  }

  private async run(): Promise<void> {
    const backoff = new Backoff(INFORMER_BACKOFF_INITIAL_MS, INFORMER_BACKOFF_MAX_MS);
    let needList = true;
    let goneInARow = 0;
    while (!this.stopped) {
      try {
        if (needList) {
          const listed = await this.listAndReplace();
          if (!listed) break;
          needList = false;
          backoff.reset();
        }
        const received = await this.watchOnce();
        goneInARow = 0;
        if (received) backoff.reset();
        this.logger.debug({ resourceVersion: this.resourceVersion }, 'watch ended; watching again');
      } catch (err) {
        if (this.stopped) break;
        if (isApiError(err, 'Gone')) {
          // The window we were watching from was compacted away: only a fresh
          // list can tell us what we missed. A second Gone in a row right after
          // a list means something is off with the server: back off then.
          needList = true;
          goneInARow++;
          this.logger.info({ resourceVersion: this.resourceVersion }, 'resourceVersion too old; re-listing');
          if (goneInARow > 1) await sleep(backoff.next(), this.abort.signal);
          continue;
        }
        const delayMs = backoff.next();
        // A resourceVersion the server has not reached (etcd restored or
        // replaced) will never be reached by waiting: start again from a list.
        if (isTooLargeResourceVersion(err)) needList = true;
        this.logger.warn({ err: describeError(err), delayMs, listing: needList }, 'list/watch failed; retrying');
        await sleep(delayMs, this.abort.signal);
      }
    }
  }

  /** Lists and reconciles the cache with the result; false if stopped meanwhile. */
  private async listAndReplace(): Promise<boolean> {
    const outcome = await raceAbort(
      this.client.list<T>(this.resource, {
        namespace: this.options.namespace,
        labelSelector: this.options.labelSelector,
        fieldSelector: this.options.fieldSelector,
      }),
      this.abort.signal,
    );
    if (outcome.aborted || this.stopped) return false;
    const list = outcome.value;
    const seen = new Set<string>();
    for (const raw of list.items) {
      const obj = deepFreeze(this.kept(withTypeMeta(raw, list)));
      const key = keyOf(obj);
      seen.add(key);
      const old = this.cache.getByKey(key);
      if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion) continue;
      this.cache.set(obj);
      if (old) this.dispatchUpdate(old, obj);
      else this.dispatchAdd(obj);
    }
    for (const key of this.cache.listKeys()) {
      if (seen.has(key)) continue;
      const old = this.cache.deleteKey(key);
      if (old) this.dispatchDelete(old);
    }
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    this.logger.debug({ count: list.items.length, resourceVersion: this.resourceVersion }, 'listed');
    if (!this.synced) this.markSynced();
    return true;
  }

  private markSynced(): void {
    this.synced = true;
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    for (const w of waiters) w.resolve();
    const period = this.options.resyncPeriodMs ?? 0;
    if (period > 0) this.resyncTimer = setInterval(() => this.resync(), period);
  }

  private resync(): void {
    if (this.stopped) return;
    for (const obj of this.cache.list()) this.dispatchUpdate(obj, obj);
  }

  /** Watches until the stream ends; answers whether it delivered anything. */
  private async watchOnce(): Promise<boolean> {
    const startedAt = Date.now();
    const stream = this.client.watch<T>(this.resource, {
      namespace: this.options.namespace,
      labelSelector: this.options.labelSelector,
      fieldSelector: this.options.fieldSelector,
      resourceVersion: this.resourceVersion,
      allowBookmarks: true,
    });
    this.currentWatch = stream;
    if (this.stopped) stream.cancel();
    const rotate = setTimeout(() => stream.cancel(), MAX_WATCH_DURATION_MS * (1 + Math.random()));
    let received = 0;
    try {
      for await (const event of stream) {
        if (this.stopped) break;
        received++;
        this.handleEvent(event);
      }
    } finally {
      clearTimeout(rotate);
      this.currentWatch = undefined;
      stream.cancel();
    }
    if (!this.stopped && received === 0 && Date.now() - startedAt < MIN_WATCH_DURATION_MS) {
      throw new ApiError('ServiceUnavailable', `the watch on ${this.describe()} closed at once without any event`);
    }
    return received > 0;
  }

  /** What the cache holds of a freshly decoded object, before it is frozen. */
  private kept(obj: T): T {
    const transform = this.options.transform;
    return interner.internValues(transform ? (transform(obj) as T) : obj);
  }

  private handleEvent(event: WatchEvent<T>): void {
    const obj = event.object;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED': {
        const frozen = deepFreeze(this.kept(obj));
        const old = this.cache.set(frozen);
        if (old) this.dispatchUpdate(old, frozen);
        else this.dispatchAdd(frozen);
        break;
      }
      case 'DELETED': {
        const frozen = deepFreeze(this.kept(obj));
        this.cache.deleteKey(keyOf(frozen));
        this.dispatchDelete(frozen);
        break;
      }
      case 'BOOKMARK':
        break;
      default:
        this.logger.warn({ type: String(event.type) }, 'ignoring a watch event of unknown type');
    }
    const rv = obj?.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
  }

  private dispatchAdd(obj: T): void {
    for (const h of this.handlers) this.call('onAdd', () => h.onAdd?.(obj));
  }

  private dispatchUpdate(oldObj: T, newObj: T): void {
    for (const h of this.handlers) this.call('onUpdate', () => h.onUpdate?.(oldObj, newObj));
  }

  private dispatchDelete(obj: T): void {
    for (const h of this.handlers) this.call('onDelete', () => h.onDelete?.(obj));
  }

  /** A failing handler is logged and must not stop the others or the informer. */
  private call(which: keyof ResourceEventHandler<T>, fn: () => unknown): void {
    try {
      const result = fn();
      if (result instanceof Promise) {
        result.catch((err: unknown) => this.logger.error({ err, handler: which }, 'event handler failed'));
      }
    } catch (err) {
      this.logger.error({ err, handler: which }, 'event handler failed');
    }
  }
}

/**
 * Kubernetes leaves apiVersion and kind out of list items; consumers (event
 * recorders, owner references) need them, so take them from the list.
 */
function withTypeMeta<T extends KubeObject>(item: T, list: KubeList<T>): T {
  if (item.apiVersion && item.kind) return item;
  const kind = list.kind?.endsWith('List') ? list.kind.slice(0, -'List'.length) : list.kind;
  return { ...item, apiVersion: item.apiVersion || list.apiVersion, kind: item.kind || kind };
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The apiserver's answer to a watch from a resourceVersion newer than its storage. */
export function isTooLargeResourceVersion(err: unknown): boolean {
  return isApiError(err, 'Timeout') && err.message.startsWith('Too large resource version');
}
