// Patch: apply a merge, strategic merge or JSON patch to the stored object and
// take the result through the update path, re-applying on lost races.
import { badRequest, isApiError } from '../../api/errors.js';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from '../../api/patch/index.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { PatchSchema } from '../../api/patch/patch-schema.js';
import { storedView, type KindView } from '../../api/kinds/served-versions.js';
import type { KubeObject } from '../../api/types/index.js';
import { modifiedConflict } from './conflicts.js';
import type { RegistryContext } from './context.js';
import { guaranteedUpdate } from './guaranteed-update.js';
import { WRITE_RACE_RETRIES } from './lost-race.js';
import { parseJson, preconditionResourceVersion } from './request-body.js';
import { assertStatusSubresource } from './update.js';
import type { Writer } from './managed-fields.js';
import { updateStored } from './write-update.js';
import type { UpdateMode } from './prepare-update.js';

/** Re-applications of a patch after losing a race with another writer. */
export const PATCH_RACE_RETRIES = WRITE_RACE_RETRIES;

export type PatchType = 'MERGE' | 'STRATEGIC' | 'JSON';

function applyPatch(patchSchema: PatchSchema, type: PatchType, target: KubeObject, patch: unknown): unknown {
  const original: Record<string, unknown> = structuredClone(target);
  try {
    switch (type) {
      case 'MERGE':
        return applyMergePatch(original, patch);
      case 'JSON':
        if (!Array.isArray(patch)) throw badRequest('a JSON patch must be an array of operations');
        return applyJsonPatch(original, patch);
      case 'STRATEGIC': {
        if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
          throw badRequest('a strategic merge patch must be a JSON object');
        }
        return applyStrategicMergePatch(original, patch as Record<string, unknown>, patchSchema);
      }
      default:
        throw badRequest(`unsupported patch type ${String(type)}`);
    }
  } catch (err) {
    if (isApiError(err)) throw err;
    throw badRequest(`the patch could not be applied: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function parsePatchType(value: unknown): PatchType {
  if (value === 'MERGE' || value === 'STRATEGIC' || value === 'JSON') return value;
  throw badRequest(`unsupported patch type ${JSON.stringify(value)}: use MERGE, STRATEGIC or JSON`);
}

function asObject(value: unknown): KubeObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('the patched document is not an object');
  }
  const obj = value as KubeObject;
  if (typeof obj.metadata !== 'object' || obj.metadata === null) obj.metadata = {};
  return obj;
}

export async function patchObject(
  ctx: RegistryContext,
  info: ResourceInfo,
  namespace: string,
  name: string,
  type: PatchType,
  patchJson: string,
  mode: UpdateMode,
  dryRun: boolean,
  writer: Writer = {},
  view: KindView = storedView(info),
): Promise<KubeObject> {
  if (mode === 'status') assertStatusSubresource(info);
  const patch = parseJson(patchJson, 'patch');
  return guaranteedUpdate(ctx, {
    info,
    namespace,
    name,
    retries: PATCH_RACE_RETRIES,
    dryRun,
    attempt: async (stored) => {
      // A patch sent to another version's URL applies to that version's form of the object.
      const patched = view.toStored(asObject(applyPatch(view.definition.patchSchema, type, view.fromStored(stored.object), patch)));
      if (patched.metadata.name !== name) {
        throw badRequest(`the name of the patched object (${String(patched.metadata.name)}) does not match the name of the request (${name})`);
      }
      const patchedNamespace = patched.metadata.namespace;
      if (info.namespaced && patchedNamespace !== undefined && patchedNamespace !== null && patchedNamespace !== namespace) {
        throw badRequest(
          `the namespace of the patched object (${String(patchedNamespace)}) does not match the namespace of the request (${namespace})`,
        );
      }
      const storedVersion = String(stored.modRevision);
      const wanted = preconditionResourceVersion(patched.metadata.resourceVersion);
      const pinned = wanted !== '' && wanted !== storedVersion;
      if (pinned) throw modifiedConflict(info, name);
      const outcome = await updateStored(ctx, info, stored, patched, mode, dryRun, writer, ctx.now());
      return outcome === 'lost-race' ? outcome : { value: outcome.object, wrote: outcome.wrote };
    },
  });
}
