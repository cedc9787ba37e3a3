// Work a kind needs done in the same etcd transaction as its own writes:
// a Service's ClusterIPs and NodePorts are keys claimed with the Service and
// released with it, so no crash, race or second apiserver can leave them apart.
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import type { SideKeys } from '../storage/object-store.js';
import type { RegistryContext } from './context.js';

import type { KindWriteHook } from './context.js';

export type { KindWriteHook, WriteHooks } from './context.js';

export const NO_SIDE_KEYS: SideKeys = { claim: [], release: [] };

export function hookFor(ctx: RegistryContext, info: ResourceInfo): KindWriteHook | undefined {
  return ctx.writeHooks?.get(info);
}

/** The keys a write of `next` over `old` claims and releases (none for kinds without a hook). */
export async function prepareSideKeys(
  ctx: RegistryContext,
  info: ResourceInfo,
  next: KubeObject,
  old: KubeObject | undefined,
): Promise<SideKeys> {
  const hook = hookFor(ctx, info);
  return hook ? hook.prepare(ctx, next, old) : NO_SIDE_KEYS;
}

export function releasedSideKeys(ctx: RegistryContext, info: ResourceInfo, old: KubeObject): SideKeys {
  return hookFor(ctx, info)?.released(ctx, old) ?? NO_SIDE_KEYS;
}
