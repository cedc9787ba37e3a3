// Reading one object back from etcd with its resourceVersion and lease.
import { notFound } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { decodeObject } from '../storage/codec.js';
import type { RegistryContext } from './context.js';

export interface StoredObject {
  key: string;
  object: KubeObject;
  modRevision: number;
  lease: string;
}

export async function readObject(
  ctx: RegistryContext,
  info: ResourceInfo,
  namespace: string,
  name: string,
): Promise<StoredObject | undefined> {
  const key = ctx.keys.objectKey(info, namespace, name);
  const stored = await ctx.store.get(key);
  if (!stored) return undefined;
  return { key, object: decodeObject(stored.value, stored.modRevision), modRevision: stored.modRevision, lease: stored.lease };
}

export async function mustReadObject(ctx: RegistryContext, info: ResourceInfo, namespace: string, name: string): Promise<StoredObject> {
  const found = await readObject(ctx, info, namespace, name);
  if (!found) throw notFound(info.plural, name, info.group);
  return found;
}

/**
 * The object as the watch cache holds it, or as etcd has it when the cache does not: for
 * admission lookups that Kubernetes answers from an informer with a live lookup on a miss.
 * The object may be shared and frozen; the caller reads it only.
 */
export async function lookupObject(ctx: RegistryContext, info: ResourceInfo, namespace: string, name: string): Promise<KubeObject | undefined> {
  const cached = ctx.cache?.of(info)?.get(ctx.keys.objectKey(info, namespace, name));
  return cached ?? (await readObject(ctx, info, namespace, name))?.object;
}
