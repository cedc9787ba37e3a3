// The read-modify-write loop every update, patch and binding runs, as
// Kubernetes' GuaranteedUpdate does: the first attempt starts from the watch
// cache's copy (no etcd read), since the write is guarded on the mod revision
// it was prepared from and a stale copy only loses that guard. Whatever a
// cached copy decides without writing (an error, a no-op, a lost race) is
// decided again from etcd: only a successful write proves the copy was current.
// Server-side apply runs the same loop, creating the object where etcd has none.
import { isApiError, notFound } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import { modifiedConflict } from './conflicts.js';
import type { RegistryContext } from './context.js';
import { pauseAfterLostRace } from './lost-race.js';
import { readObject, type StoredObject } from './stored-object.js';

/** What one attempt did: `wrote` false for answers that stored nothing (a no-op, a dry run). */
export type AttemptOutcome<T> = { value: T; wrote: boolean } | 'lost-race';

export interface GuaranteedUpdate<T> {
  info: ResourceInfo;
  namespace: string;
  name: string;
  /** Attempts after a lost race before answering Conflict. */
  retries: number;
  /** Dry runs never start from the cache: nothing they answer is checked by a write. */
  dryRun: boolean;
  attempt(stored: StoredObject): Promise<AttemptOutcome<T>>;
  /** What to do where etcd holds no such object (apply creates it; a lost create race is 'lost-race'); without it, NotFound. */
  absent?(): Promise<AttemptOutcome<T>>;
}

/** The object as of the watch cache, when the cache may serve it: complete, holding it, and for a kind without leases. */
function cacheCopy(ctx: RegistryContext, info: ResourceInfo, namespace: string, name: string): StoredObject | undefined {
  // Expiring kinds carry an etcd lease the cache does not know; the write must keep it.
  if (info.expires) return undefined;
  const key = ctx.keys.objectKey(info, namespace, name);
  const object = ctx.cache?.of(info)?.get(key);
  const modRevision = Number(object?.metadata.resourceVersion);
  if (!object || !Number.isSafeInteger(modRevision) || modRevision <= 0) return undefined;
  return { key, object, modRevision, lease: '0' };
}

/** Runs one attempt from the cached copy; undefined when that copy cannot decide and etcd must. */
async function fromCache<T>(ctx: RegistryContext, op: GuaranteedUpdate<T>): Promise<{ value: T } | undefined> {
  const cached = op.dryRun ? undefined : cacheCopy(ctx, op.info, op.namespace, op.name);
  if (!cached) return undefined;
  try {
    const outcome = await op.attempt(cached);
    return outcome !== 'lost-race' && outcome.wrote ? { value: outcome.value } : undefined;
  } catch (err) {
    // Refusals are the copy's to retract; a fault (a bug, etcd down) is not a refusal.
    if (isApiError(err)) return undefined;
    throw err;
  }
}

async function attemptFromEtcd<T>(ctx: RegistryContext, op: GuaranteedUpdate<T>): Promise<AttemptOutcome<T>> {
  const stored = await readObject(ctx, op.info, op.namespace, op.name);
  if (stored) return op.attempt(stored);
  if (op.absent) return op.absent();
  throw notFound(op.info.plural, op.name, op.info.group);
}

export async function guaranteedUpdate<T>(ctx: RegistryContext, op: GuaranteedUpdate<T>): Promise<T> {
  const cached = await fromCache(ctx, op);
  if (cached) return cached.value;
  for (let attempt = 0; attempt <= op.retries; attempt++) {
    const outcome = await attemptFromEtcd(ctx, op);
    if (outcome !== 'lost-race') return outcome.value;
    await pauseAfterLostRace(attempt);
  }
  throw modifiedConflict(op.info, op.name);
}
