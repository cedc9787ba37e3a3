// Update and UpdateStatus: the body's resourceVersion is a precondition when
// set; without one the update is unconditional and retried on lost races.
import { ApiError, badRequest } from '../../api/errors.js';
import { qualifiedResource, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { modifiedConflict } from './conflicts.js';
import type { RegistryContext } from './context.js';
import { guaranteedUpdate } from './guaranteed-update.js';
import { WRITE_RACE_RETRIES } from './lost-race.js';
import type { UpdateMode } from './prepare-update.js';
import { assertObjectPath, parseObject, preconditionResourceVersion, resolveNamespace } from './request-body.js';
import type { Writer } from './managed-fields.js';
import { updateStored } from './write-update.js';

/** Re-reads after losing a race with another writer (unconditional updates only). */
export const UPDATE_RACE_RETRIES = WRITE_RACE_RETRIES;

export function assertStatusSubresource(info: ResourceInfo): void {
  if (!info.subresources.status) {
    throw new ApiError('NotFound', `the server could not find the requested resource (${qualifiedResource(info)}/status)`);
  }
}

export async function updateObject(
  ctx: RegistryContext,
  info: ResourceInfo,
  requestNamespace: string,
  objectJson: string,
  mode: UpdateMode,
  dryRun: boolean,
  writer: Writer = {},
): Promise<KubeObject> {
  if (mode === 'status') assertStatusSubresource(info);
  const body = parseObject(objectJson, info);
  const namespace = resolveNamespace(info, requestNamespace, body.metadata.namespace);
  const name = body.metadata.name;
  if (typeof name !== 'string' || !name) throw badRequest('the object must carry metadata.name to be updated');
  assertObjectPath(info, namespace, name);
  const wanted = preconditionResourceVersion(body.metadata.resourceVersion);
  return guaranteedUpdate(ctx, {
    info,
    namespace,
    name,
    retries: UPDATE_RACE_RETRIES,
    dryRun,
    attempt: async (stored) => {
      if (wanted && wanted !== String(stored.modRevision)) throw modifiedConflict(info, name);
      const outcome = await updateStored(ctx, info, stored, body, mode, dryRun, writer, ctx.now());
      // A pinned version that lost the race is a conflict, not a reason to read again.
      if (outcome === 'lost-race' && wanted) throw modifiedConflict(info, name);
      return outcome === 'lost-race' ? outcome : { value: outcome.object, wrote: outcome.wrote };
    },
  });
}
