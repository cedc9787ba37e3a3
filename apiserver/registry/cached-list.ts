// Lists served from the watch cache, by kube-apiserver's rules for which reads
// it may serve: resourceVersion=0 (any state, pages too), and without a limit a
// not-older-than resourceVersion or none at all (the newest state). Reads with
// a continue token, an exact resourceVersion, or a limit and a resourceVersion
// other than 0 go to etcd. A read that must be as new as something first makes
// sure the cache is: one cheap etcd read says how new the newest key under the
// prefix is and how many keys there are; once the cache has seen that change
// and holds as many keys, it holds exactly what etcd holds there now. (etcd's
// requested progress notifications would say the same in one round trip, but
// before 3.4.25 they can overtake the events they should follow.)
import type { KubeObject } from '../../api/types/index.js';
import { matchesFilter, type WatchFilter } from '../watch/watch-filter.js';
import type { RegistryContext } from './context.js';
import { EXACT, parseResourceVersion, tooLargeResourceVersion, type ListOptions } from './list-options.js';
import type { CachedItem, ResourceCacheView } from './object-cache.js';

/** How long a read waits for the cache to see a change etcd already has, as kube-apiserver's watch cache waits. */
export const CACHE_FRESHNESS_WAIT_MS = 3_000;

/** One page of a list, wherever it was read. */
export interface Page {
  items: KubeObject[];
  revision: number;
  /** The key after which the next page starts, when there is one. */
  lastKey?: string;
  /** Keys the read left unread, when every key is an item (no selectors). */
  remaining?: number;
}

/** The newest state, or at least this revision, or whatever the cache holds. */
type Freshness = { kind: 'latest' } | { kind: 'notOlderThan'; revision: number } | { kind: 'any' };

interface Snapshot {
  items: readonly CachedItem[];
  revision: number;
}

function freshnessOf(options: ListOptions, limit: number): Freshness | undefined {
  if ((options.continue ?? '') !== '' || options.resourceVersionMatch === EXACT) return undefined;
  const rv = options.resourceVersion ?? '';
  if (rv === '0') return { kind: 'any' };
  if (limit > 0) return undefined;
  return rv === '' ? { kind: 'latest' } : { kind: 'notOlderThan', revision: parseResourceVersion(rv) };
}

/** The cache's items under `prefix` once they are at least as new as asked; undefined when it cannot tell in time. */
async function snapshotOf(ctx: RegistryContext, view: ResourceCacheView, prefix: string, freshness: Freshness): Promise<Snapshot | undefined> {
  if (freshness.kind === 'any' || (freshness.kind === 'notOlderThan' && view.revision() >= freshness.revision)) {
    return { items: view.itemsUnder(prefix), revision: view.revision() };
  }
  const etcd = await ctx.store.prefixState(prefix);
  if (freshness.kind === 'notOlderThan' && etcd.revision < freshness.revision) throw tooLargeResourceVersion(freshness.revision, etcd.revision);
  if (!(await view.waitUntil(etcd.newestModRevision, CACHE_FRESHNESS_WAIT_MS))) return undefined;
  const items = view.itemsUnder(prefix);
  const revision = view.revision();
  if (revision >= etcd.revision) return { items, revision };
  // Behind etcd's revision only by changes elsewhere: nothing under the prefix is newer than the
  // cache, and a delete the cache has not seen would leave it holding more keys than etcd.
  return items.length === etcd.count ? { items, revision: etcd.revision } : undefined;
}

function pageOf(snapshot: Snapshot, filter: WatchFilter, limit: number, selective: boolean): Page {
  const items: KubeObject[] = [];
  const all = snapshot.items;
  for (let i = 0; i < all.length; i++) {
    const { key, object } = all[i];
    if (!matchesFilter(filter, object)) continue;
    items.push(object);
    if (limit > 0 && items.length === limit && i + 1 < all.length) {
      return { items, revision: snapshot.revision, lastKey: key, remaining: selective ? undefined : all.length - i - 1 };
    }
  }
  return { items, revision: snapshot.revision };
}

/** The page from the cache, or undefined when this read must go to etcd. */
export async function listFromCache(
  ctx: RegistryContext,
  filter: WatchFilter,
  prefix: string,
  options: ListOptions,
  limit: number,
  selective: boolean,
): Promise<Page | undefined> {
  const view = ctx.cache?.of(filter.info);
  const freshness = freshnessOf(options, limit);
  if (!view || !freshness) return undefined;
  const snapshot = await snapshotOf(ctx, view, prefix, freshness);
  return snapshot && pageOf(snapshot, filter, limit, selective);
}
