// Writes a prepared update, guarded by the mod revision it was prepared from.
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { encodeObject, withResourceVersion } from '../storage/codec.js';
import type { RegistryContext } from './context.js';
import { prepareUpdate, sameObject, shouldDeleteOnUpdate, type UpdateMode } from './prepare-update.js';
import type { StoredObject } from './stored-object.js';

/** `lost-race`: the stored object changed since it was read; read again and retry. */
export type UpdateOutcome = { object: KubeObject; deleted: boolean } | 'lost-race';

export async function updateStored(
  ctx: RegistryContext,
  info: ResourceInfo,
  stored: StoredObject,
  incoming: KubeObject,
  mode: UpdateMode,
  dryRun: boolean,
): Promise<UpdateOutcome> {
  const next = prepareUpdate(info, stored.object, incoming, mode);
  if (sameObject(next, stored.object)) return { object: stored.object, deleted: false };
  const remove = shouldDeleteOnUpdate(next);
  if (dryRun) return { object: withResourceVersion(next, stored.modRevision), deleted: remove };
  if (remove) {
    const result = await ctx.store.delete(stored.key, stored.modRevision);
    if (!result.ok) return 'lost-race';
    return { object: withResourceVersion(next, result.revision), deleted: true };
  }
  const result = await ctx.store.update(stored.key, encodeObject(next), stored.modRevision, stored.lease);
  if (!result.ok) return 'lost-race';
  return { object: withResourceVersion(next, result.revision), deleted: false };
}
