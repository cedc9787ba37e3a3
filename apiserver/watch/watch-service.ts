// Serves API watches: the initial state when asked for, then changes from the
// resource's shared hub, or from a watcher's own etcd watch when it asks for
// history the hub no longer holds.
import { ApiError, badRequest } from '../../api/errors.js';
import { RESOURCES, type ResourceInfo } from '../../api/resources.js';
import type { Logger } from '../../client/logger.js';
import type { RegistryContext } from '../registry/context.js';
import type { ObjectCache, ResourceCacheView } from '../registry/object-cache.js';
import { listObjects } from '../registry/list.js';
import { objectJson } from '../registry/object-json.js';
import { parseResourceVersion } from '../registry/list-options.js';
import { isStorageError } from '../storage/storage-errors.js';
import { DirectWatch } from './direct-watch.js';
import { ResourceWatchHub } from './resource-watch-hub.js';
import type { WatchFilter } from './watch-filter.js';
import { WatchSession, type WatchOutput } from './watch-session.js';

/** How often every hub drops the changes that are no longer fresh. */
export const WATCH_HISTORY_SWEEP_MS = 15_000;

/** How often a watcher that allows bookmarks gets one, as Kubernetes does (about once a minute). */
export const DEFAULT_BOOKMARK_INTERVAL_MS = 60_000;

/**
 * How long a watch from a resourceVersion etcd has not reached yet waits for it before
 * answering "Too large resource version", as Kubernetes does (its watch cache waits 3 s).
 */
export const FUTURE_RESOURCE_VERSION_WAIT_MS = 3_000;
export const FUTURE_RESOURCE_VERSION_POLL_MS = 100;

export interface WatchRequestOptions {
  resourceVersion: string;
  allowBookmarks: boolean;
}

export interface WatchServiceOptions {
  bookmarkIntervalMs?: number;
  /** Called with +1 when a watcher starts and -1 when it ends. */
  onWatcherCount?(info: ResourceInfo, delta: number): void;
}

function hubKey(info: ResourceInfo): string {
  return `${info.group}/${info.plural}`;
}

export class WatchService implements ObjectCache {
  private readonly hubs = new Map<string, ResourceWatchHub>();
  private readonly sessions = new Set<WatchSession>();
  private readonly bookmarkIntervalMs: number;
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: RegistryContext,
    private readonly log: Logger,
    private readonly options: WatchServiceOptions = {},
  ) {
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? DEFAULT_BOOKMARK_INTERVAL_MS;
    for (const info of RESOURCES) {
      this.hubs.set(hubKey(info), new ResourceWatchHub(ctx.store, ctx.keys.resourcePrefix(info), log.child({ resource: info.plural }), () => ctx.now()));
    }
  }

  async start(): Promise<void> {
    await Promise.all([...this.hubs.values()].map((hub) => hub.start()));
    this.sweep ??= setInterval(() => this.dropStaleHistory(), WATCH_HISTORY_SWEEP_MS).unref();
  }

  of(info: ResourceInfo): ResourceCacheView | undefined {
    return this.hubs.get(hubKey(info))?.cacheView();
  }

  /** Drops every hub's changes that are no longer fresh; watchers resuming from before them get their own etcd watch. */
  dropStaleHistory(): void {
    for (const hub of this.hubs.values()) hub.dropStale();
  }

  /** Ends every watch and the shared etcd watches. */
  stop(): void {
    clearInterval(this.sweep);
    this.sweep = undefined;
    for (const hub of this.hubs.values()) hub.stop();
    for (const session of [...this.sessions]) session.end();
  }

  /** Starts a watch; the returned session ends on its own or when cancelled. */
  async watch(filter: WatchFilter, request: WatchRequestOptions, output: WatchOutput): Promise<WatchSession> {
    const hub = this.hubs.get(hubKey(filter.info));
    if (!hub) throw badRequest(`resource ${filter.info.plural} cannot be watched`);
    await hub.start();

    let after: number;
    let needsOwnWatch = false;
    if (request.resourceVersion === '' || request.resourceVersion === '0') {
      // "0" may start from whatever the cache holds, as Kubernetes' watch cache does.
      const list = await listObjects(this.ctx, filter, { resourceVersion: request.resourceVersion });
      for (const item of list.items) output.send({ type: 'ADDED', get objectJson() { return objectJson(item); }, object: item });
      after = Number(list.metadata.resourceVersion);
    } else {
      after = parseResourceVersion(request.resourceVersion);
      await this.awaitRevision(after);
      needsOwnWatch = await this.isCompacted(filter, after);
    }

    const session = new WatchSession(filter, after, output);
    this.track(filter.info, session);
    const unsubscribe = needsOwnWatch ? undefined : hub.subscribe(after, session);
    const bookmarks = request.allowBookmarks ? this.bookmarkIntervalMs : 0;
    if (unsubscribe) {
      session.attach(hub, unsubscribe, bookmarks);
      return session;
    }
    const direct = new DirectWatch(this.ctx.store, this.ctx.keys.resourcePrefix(filter.info, filter.namespace), after, this.log);
    try {
      const stop = await direct.start(session);
      session.attach(direct, stop, bookmarks);
    } catch (err) {
      session.cancel();
      throw err;
    }
    return session;
  }

  private track(info: ResourceInfo, session: WatchSession): void {
    this.sessions.add(session);
    this.options.onWatcherCount?.(info, 1);
    session.onEnd(() => {
      this.sessions.delete(session);
      this.options.onWatcherCount?.(info, -1);
    });
  }

  /**
   * Waits briefly for etcd to reach `revision`. A version from the future (etcd was replaced
   * or restored) would otherwise hide every change up to it from the watcher, silently.
   */
  private async awaitRevision(revision: number): Promise<void> {
    const deadline = Date.now() + FUTURE_RESOURCE_VERSION_WAIT_MS;
    for (;;) {
      const current = await this.ctx.store.currentRevision();
      if (revision <= current) return;
      if (Date.now() >= deadline) throw new ApiError('Timeout', `Too large resource version: ${revision}, current: ${current}`);
      await new Promise((resolve) => setTimeout(resolve, FUTURE_RESOURCE_VERSION_POLL_MS));
    }
  }

  /** True when etcd no longer has the history right after `after`. */
  private async isCompacted(filter: WatchFilter, after: number): Promise<boolean> {
    try {
      await this.ctx.store.assertRevisionAvailable(this.ctx.keys.resourcePrefix(filter.info, filter.namespace), after + 1);
      return false;
    } catch (err) {
      if (isStorageError(err, 'Compacted')) return true;
      throw err;
    }
  }
}
