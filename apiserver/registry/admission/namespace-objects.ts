// The objects of one kind in one namespace, as admission plugins read them:
// from the watch cache when it has a complete view, else from etcd.
import type { ResourceInfo } from '../../../api/resources.js';
import type { KubeObject } from '../../../api/types/index.js';
import { decodeObject } from '../../storage/codec.js';
import type { RegistryContext } from '../context.js';

export interface NamespaceObject {
  key: string;
  object: KubeObject;
  modRevision: number;
}

/** From etcd, with each key's mod revision (what a write guarded on the object needs). */
export async function storedObjectsIn(ctx: RegistryContext, info: ResourceInfo, namespace: string): Promise<NamespaceObject[]> {
  const { items } = await ctx.store.range(ctx.keys.resourcePrefix(info, namespace));
  return items.map((kv) => ({ key: kv.key, object: decodeObject(kv.value, kv.modRevision), modRevision: kv.modRevision }));
}

/** Possibly a little behind etcd: for reads where upstream reads its informers too. */
export async function cachedObjectsIn(ctx: RegistryContext, info: ResourceInfo, namespace: string): Promise<readonly KubeObject[]> {
  const view = ctx.cache?.of(info);
  if (view) return view.itemsUnder(ctx.keys.resourcePrefix(info, namespace)).map((i) => i.object);
  return (await storedObjectsIn(ctx, info, namespace)).map((o) => o.object);
}

/** Whether the namespace may hold any object of the kind (false only when the cache says it holds none). */
export function mayHoldAny(ctx: RegistryContext, info: ResourceInfo, namespace: string): boolean {
  const view = ctx.cache?.of(info);
  return !view || view.itemsUnder(ctx.keys.resourcePrefix(info, namespace)).length > 0;
}
