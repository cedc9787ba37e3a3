// Delete: preconditions, then the plan (remove, mark, nothing), written with a
// transaction on the mod revision it was planned from; retried when another
// writer got there first.
import { forbidden } from '../../api/errors.js';
import { isResource, resources, type ResourceInfo } from '../../api/resources.js';
import type { DeleteOptions, KubeObject } from '../../api/types/index.js';
import { withResourceVersion } from '../storage/codec.js';
import { resourceVersionPreconditionConflict, uidPreconditionConflict } from './conflicts.js';
import type { RegistryContext } from './context.js';
import { parseDeleteOptions, planDelete } from './delete-plan.js';
import { guaranteedUpdate } from './guaranteed-update.js';
import { WRITE_RACE_RETRIES } from './lost-race.js';
import { admitValidating } from './admission/validating.js';
import type { StoredObject } from './stored-object.js';
import { encodeWithinLimit, SERVER_WRITE_ALLOWANCE_BYTES } from './stored-size.js';
import { releasedSideKeys } from './write-hooks.js';

/** Re-reads after losing a race with another writer before giving up with Conflict. */
export const DELETE_RACE_RETRIES = WRITE_RACE_RETRIES;

/** Namespaces the cluster needs; Kubernetes refuses to delete them. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export interface DeleteOutcome {
  object: KubeObject;
  deleted: boolean;
}

function checkPreconditions(info: ResourceInfo, stored: StoredObject, options: DeleteOptions): void {
  const name = stored.object.metadata.name ?? '';
  const pre = options.preconditions;
  if (pre?.uid && pre.uid !== stored.object.metadata.uid) {
    throw uidPreconditionConflict(info, name, pre.uid, stored.object.metadata.uid ?? '');
  }
  if (pre?.resourceVersion && pre.resourceVersion !== String(stored.modRevision)) {
    throw resourceVersionPreconditionConflict(info, name, pre.resourceVersion, String(stored.modRevision));
  }
}

export async function deleteObject(
  ctx: RegistryContext,
  info: ResourceInfo,
  namespace: string,
  name: string,
  optionsJson: string,
  dryRun: boolean,
): Promise<DeleteOutcome> {
  const options = parseDeleteOptions(optionsJson);
  if (isResource(info, resources.namespaces) && SYSTEM_NAMESPACES.includes(name)) {
    throw forbidden(resources.namespaces.plural, name, 'this namespace may not be deleted');
  }
  return guaranteedUpdate<DeleteOutcome>(ctx, {
    info,
    namespace,
    name,
    retries: DELETE_RACE_RETRIES,
    dryRun,
    attempt: async (stored) => {
      checkPreconditions(info, stored, options);
      await admitValidating(ctx, { operation: 'DELETE', info, subresource: '', namespace, name, oldObject: stored.object });
      const plan = planDelete(info, stored.object, options, ctx.now());
      if (plan.action === 'none') return { value: { object: stored.object, deleted: false }, wrote: false };
      if (plan.action === 'remove') {
        if (dryRun) return { value: { object: stored.object, deleted: true }, wrote: false };
        const result = await ctx.store.delete(stored.key, stored.modRevision, releasedSideKeys(ctx, info, stored.object));
        return result.ok ? { value: { object: withResourceVersion(stored.object, result.revision), deleted: true }, wrote: true } : 'lost-race';
      }
      const value = encodeWithinLimit(info, plan.object, SERVER_WRITE_ALLOWANCE_BYTES);
      if (dryRun) return { value: { object: withResourceVersion(plan.object, stored.modRevision), deleted: false }, wrote: false };
      const result = await ctx.store.update(stored.key, value, stored.modRevision, stored.lease);
      return result.ok ? { value: { object: withResourceVersion(plan.object, result.revision), deleted: false }, wrote: true } : 'lost-race';
    },
  });
}
