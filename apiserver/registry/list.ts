// List: the keys of one resource (or one namespace of it) read from etcd at one
// revision, filtered on the server, as a <Kind>List. With a limit it is one page:
// every page of a list is read at the first page's revision, and the continue
// token carries that revision and the key to resume from, as Kubernetes pages.
// Selectors filter after the read, so a selective page keeps reading (doubling
// its reads up to MAX_READ_LIMIT keys) until it is full or the keys run out.
// Reads the watch cache may serve come from memory instead (cached-list.ts).
import { expired } from '../../api/errors.js';
import { apiVersionOf, type ResourceInfo } from '../../api/resources.js';
import type { KubeList, KubeObject } from '../../api/types/index.js';
import { decodeObject } from '../storage/codec.js';
import type { RangeResult } from '../storage/object-store.js';
import { isStorageError } from '../storage/storage-errors.js';
import { matchesFilter, type WatchFilter } from '../watch/watch-filter.js';
import { listFromCache, type Page } from './cached-list.js';
import type { RegistryContext } from './context.js';
import { decodeContinue, encodeContinue, LATEST_REVISION } from './continue-token.js';
import { EXACT, parseResourceVersion, tooLargeResourceVersion, validateListOptions, type ListOptions } from './list-options.js';

/** The most keys one read fetches while a filtered page fills, as Kubernetes caps it. */
export const MAX_READ_LIMIT = 10_000;

/** The first key after `key` in etcd's order. */
const NEXT_KEY_SUFFIX = '\x00';

const LIST_TOO_OLD = 'The resourceVersion for the provided list is too old.';
const CONTINUE_TOO_OLD =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the ' +
  'continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with ' +
  'the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time ' +
  'the first chunk was returned and now may show up in the list.';

/** Where and as of when a list reads, from its options. */
interface ReadPlan {
  prefix: string;
  from: string;
  /** 0: the newest revision. */
  revision: number;
  /** A resourceVersion the newest revision must have reached (NotOlderThan). */
  minimum: number;
  resumed: boolean;
}

function planRead(prefix: string, options: ListOptions): ReadPlan {
  const token = options.continue ?? '';
  if (token !== '') {
    const point = decodeContinue(token, prefix);
    return { prefix, from: point.from, revision: point.revision === LATEST_REVISION ? 0 : Math.max(point.revision, 0), minimum: 0, resumed: true };
  }
  const rv = options.resourceVersion ?? '';
  const plan: ReadPlan = { prefix, from: prefix, revision: 0, minimum: 0, resumed: false };
  if (rv === '' || rv === '0') return plan;
  const revision = parseResourceVersion(rv);
  return options.resourceVersionMatch === EXACT ? { ...plan, revision } : { ...plan, minimum: revision };
}

function decodeItem(ctx: RegistryContext, kv: RangeResult['items'][number]): KubeObject | undefined {
  try {
    return decodeObject(kv.value, kv.modRevision);
  } catch (err) {
    ctx.log.error({ err, key: kv.key }, 'skipping undecodable stored object');
    return undefined;
  }
}

function isSelective(filter: WatchFilter): boolean {
  return filter.labels !== undefined || filter.fields !== undefined;
}

/** Reads until `limit` items matched (0: everything) or the keys ran out. */
async function readPage(ctx: RegistryContext, filter: WatchFilter, plan: ReadPlan, limit: number): Promise<Page> {
  const items: KubeObject[] = [];
  let { from, revision } = plan;
  let readLimit = limit;
  for (;;) {
    const range = await ctx.store.range(plan.prefix, { revision, from, limit: readLimit });
    revision = range.revision;
    if (plan.minimum > revision) throw tooLargeResourceVersion(plan.minimum, revision);
    let more = range.more;
    let lastKey: string | undefined;
    for (const kv of range.items) {
      if (limit > 0 && items.length >= limit) {
        more = true;
        break;
      }
      lastKey = kv.key;
      const obj = decodeItem(ctx, kv);
      if (obj && matchesFilter(filter, obj)) items.push(obj);
    }
    if (!more || limit === 0 || items.length >= limit || lastKey === undefined) {
      const remaining = more && !isSelective(filter) ? range.count - limit : undefined;
      return { items, revision, lastKey: more ? lastKey : undefined, remaining };
    }
    readLimit = Math.min(readLimit * 2, MAX_READ_LIMIT);
    from = lastKey + NEXT_KEY_SUFFIX;
  }
}

/** Storage's answers for revisions it does not hold, as Kubernetes words them. */
async function listError(ctx: RegistryContext, err: unknown, plan: ReadPlan): Promise<unknown> {
  if (isStorageError(err, 'Compacted')) {
    if (!plan.resumed) return expired(LIST_TOO_OLD);
    return expired(CONTINUE_TOO_OLD, { continue: encodeContinue(plan.from, plan.prefix, LATEST_REVISION) });
  }
  if (isStorageError(err, 'FutureRevision')) return tooLargeResourceVersion(plan.revision, await ctx.store.currentRevision());
  return err;
}

export async function listObjects(ctx: RegistryContext, filter: WatchFilter, options: ListOptions = {}): Promise<KubeList> {
  validateListOptions(options);
  const plan = planRead(ctx.keys.resourcePrefix(filter.info, filter.namespace), options);
  const limit = options.limit !== undefined && options.limit > 0 ? options.limit : 0;
  let page: Page | undefined;
  try {
    page = (await listFromCache(ctx, filter, plan.prefix, options, limit, isSelective(filter))) ?? (await readPage(ctx, filter, plan, limit));
  } catch (err) {
    throw await listError(ctx, err, plan);
  }
  const list = listOf(filter.info, page.items, page.revision);
  if (page.lastKey !== undefined) list.metadata.continue = encodeContinue(page.lastKey + NEXT_KEY_SUFFIX, plan.prefix, page.revision);
  if (page.remaining !== undefined) list.metadata.remainingItemCount = page.remaining;
  return list;
}

export function listOf(info: ResourceInfo, items: KubeObject[], revision: number): KubeList {
  return {
    apiVersion: apiVersionOf(info),
    kind: `${info.kind}List`,
    metadata: { resourceVersion: String(revision) },
    items,
  };
}
