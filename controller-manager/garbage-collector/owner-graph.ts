// Who owns whom, across every watched resource: dependents by owner uid, and
// objects by uid, kept in step with the informers' events.
import type { KubeObject } from '../../api/types/index.js';

/** `<resource>|<namespace>/<name>`: one object in one informer. */
export type ItemKey = string;

export function itemKey(resource: string, obj: KubeObject): ItemKey {
  const ns = obj.metadata.namespace ?? '';
  return `${resource}|${ns}/${obj.metadata.name ?? ''}`;
}

export function parseItemKey(key: ItemKey): { resource: string; namespace: string; name: string } {
  const bar = key.indexOf('|');
  const rest = key.slice(bar + 1);
  const slash = rest.indexOf('/');
  return { resource: key.slice(0, bar), namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
}

export class OwnerGraph {
  private readonly dependentsByOwner = new Map<string, Set<ItemKey>>();
  private readonly ownersByItem = new Map<ItemKey, string[]>();
  private readonly itemByUid = new Map<string, ItemKey>();

  /** Records `obj` as it is now; answers the owner uids it gained or lost. */
  upsert(key: ItemKey, obj: KubeObject): string[] {
    const uid = obj.metadata.uid;
    if (uid) this.itemByUid.set(uid, key);
    const before = this.ownersByItem.get(key) ?? [];
    const after = (obj.metadata.ownerReferences ?? []).map((r) => r.uid);
    for (const owner of before) if (!after.includes(owner)) this.dependentsByOwner.get(owner)?.delete(key);
    for (const owner of after) {
      let set = this.dependentsByOwner.get(owner);
      if (!set) {
        set = new Set();
        this.dependentsByOwner.set(owner, set);
      }
      set.add(key);
    }
    if (after.length > 0) this.ownersByItem.set(key, after);
    else this.ownersByItem.delete(key);
    return [...before.filter((o) => !after.includes(o)), ...after.filter((o) => !before.includes(o))];
  }

  /** Forgets `obj`; answers the owner uids it had. */
  remove(key: ItemKey, obj: KubeObject): string[] {
    const uid = obj.metadata.uid;
    if (uid && this.itemByUid.get(uid) === key) this.itemByUid.delete(uid);
    const owners = this.ownersByItem.get(key) ?? [];
    for (const owner of owners) {
      const set = this.dependentsByOwner.get(owner);
      set?.delete(key);
      if (set && set.size === 0) this.dependentsByOwner.delete(owner);
    }
    this.ownersByItem.delete(key);
    return owners;
  }

  dependents(ownerUid: string): ItemKey[] {
    return [...(this.dependentsByOwner.get(ownerUid) ?? [])];
  }

  itemFor(uid: string): ItemKey | undefined {
    return this.itemByUid.get(uid);
  }
}
