// Adoption and release, as client-go's ControllerRefManager: of the candidates,
// keep those the owner controls and still selects, adopt matching orphans, and
// release what it controls but no longer selects.
import { isApiError } from '../../api/errors.js';
import type { KubeObject } from '../../api/types/index.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { ApiClient } from '../../client/api-client.js';
import { controllerRefOf, withControllerRef, withoutOwner } from './controller-ref.js';
import { ignoreNotFound } from './not-found.js';

export interface ClaimOptions<T extends KubeObject> {
  client: ApiClient;
  resource: ResourceInfo<T>;
  owner: KubeObject;
  matches(obj: T): boolean;
  /**
   * Checked once, before the first adoption: a fresh read of the owner must
   * still have the same uid and no deletionTimestamp, so a cached owner that
   * was deleted and re-created never adopts.
   */
  canAdopt(): Promise<boolean>;
}

export async function claimObjects<T extends KubeObject>(candidates: readonly T[], opts: ClaimOptions<T>): Promise<T[]> {
  const ownerUid = opts.owner.metadata.uid ?? '';
  const ownerDeleting = Boolean(opts.owner.metadata.deletionTimestamp);
  let adoptable: boolean | undefined;
  const claimed: T[] = [];
  for (const obj of candidates) {
    const ref = controllerRefOf(obj);
    if (ref) {
      if (ref.uid !== ownerUid) continue;
      if (opts.matches(obj)) {
        claimed.push(obj);
        continue;
      }
      if (ownerDeleting || obj.metadata.deletionTimestamp) continue;
      await ignoreNotFound(opts.client.update(opts.resource, withoutOwner(obj, ownerUid)));
      continue;
    }
    if (ownerDeleting || obj.metadata.deletionTimestamp || !opts.matches(obj)) continue;
    adoptable ??= await opts.canAdopt();
    if (!adoptable) continue;
    const adopted = await ignoreNotFound(opts.client.update(opts.resource, withControllerRef(obj, opts.owner)));
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

/** canAdopt for an owner of this resource: re-read it and compare. */
export function freshOwnerCheck(client: ApiClient, resource: ResourceInfo, owner: KubeObject): () => Promise<boolean> {
  return async () => {
    try {
      const fresh = await client.get(resource, owner.metadata.namespace ?? '', owner.metadata.name ?? '');
      return fresh.metadata.uid === owner.metadata.uid && !fresh.metadata.deletionTimestamp;
    } catch (err) {
      if (isApiError(err, 'NotFound')) return false;
      throw err;
    }
  };
}
