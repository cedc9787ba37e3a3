// Writes a prepared update, guarded by the mod revision it was prepared from.
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { withResourceVersion } from '../storage/codec.js';
import type { RegistryContext } from './context.js';
import { stampUpdate, type Writer } from './managed-fields.js';
import { prepareUpdate, sameObject, shouldDeleteOnUpdate, type UpdateMode } from './prepare-update.js';
import type { StoredObject } from './stored-object.js';
import { encodeWithinLimit } from './stored-size.js';
import { admitValidating } from './admission/validating.js';
import { admitUpdate } from './admission/admission.js';
import { NO_SIDE_KEYS, prepareSideKeys, releasedSideKeys } from './write-hooks.js';

/**
 * `lost-race`: the stored object changed since it was read; read again and retry.
 * `wrote` false: the answer rests on the object as read, with nothing stored to prove it current.
 */
export type UpdateOutcome = { object: KubeObject; deleted: boolean; wrote: boolean } | 'lost-race';

export async function updateStored(
  ctx: RegistryContext,
  info: ResourceInfo,
  stored: StoredObject,
  incoming: KubeObject,
  mode: UpdateMode,
  dryRun: boolean,
  writer: Writer,
  nowMs: number,
): Promise<UpdateOutcome> {
  const subresource = mode === 'main' ? (writer.subresource ?? '') : 'status';
  const admit = subresource === '' ? (obj: KubeObject) => admitUpdate(ctx, info, obj) : undefined;
  const next = prepareUpdate(info, stored.object, incoming, mode, admit);
  stampUpdate(info, stored.object, next, incoming.metadata?.managedFields, { ...writer, subresource }, nowMs);
  const remove = shouldDeleteOnUpdate(info, next);
  const unchanged = sameObject(next, stored.object);
  // Admitted even when nothing changes, so a refused caller learns so whatever it sent.
  const { namespace = '', name = '' } = stored.object.metadata;
  await admitValidating(ctx, { operation: 'UPDATE', info, subresource, namespace, name, object: next, oldObject: stored.object });
  if (unchanged && !remove) return { object: stored.object, deleted: false, wrote: false };
  // Values to allocate and release; a claim another writer took meanwhile reads as a lost race and is planned again.
  const side = remove || unchanged ? NO_SIDE_KEYS : await prepareSideKeys(ctx, info, next, stored.object);
  const value = encodeWithinLimit(info, next);
  if (dryRun) return { object: withResourceVersion(next, stored.modRevision), deleted: remove, wrote: false };
  let revision = stored.modRevision;
  if (!unchanged) {
    const result = await ctx.store.update(stored.key, value, stored.modRevision, stored.lease, side);
    if (!result.ok) return 'lost-race';
    revision = result.revision;
  }
  if (remove) {
    // Stored first, then deleted, as Kubernetes does: watchers see the last finalizer go (MODIFIED)
    // and DELETED carries the object as the update left it.
    const removed = await ctx.store.delete(stored.key, revision, releasedSideKeys(ctx, info, stored.object));
    if (removed.ok) return { object: withResourceVersion(next, removed.revision), deleted: true, wrote: true };
    // Another writer got in between: the object stays finished, and the next update or delete removes it.
    if (unchanged) return 'lost-race';
  }
  return { object: withResourceVersion(next, revision), deleted: false, wrote: true };
}
