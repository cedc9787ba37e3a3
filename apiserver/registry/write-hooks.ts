// Work a kind needs done in the same etcd transaction as its own writes:
// a Service's ClusterIPs and NodePorts are keys claimed with the Service and
// released with it, so no crash, race or second apiserver can leave them apart.
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import type { SideKeys } from '../storage/object-store.js';
import type { RegistryContext } from './context.js';

export interface KindWriteHook {
  /**
   * Fills server-chosen values into `next` (a private copy, validated already)
   * and answers the keys its write must claim and release; `old` on updates.
   * Throws Invalid when a requested value is taken or out of range.
   */
  prepare(ctx: RegistryContext, next: KubeObject, old: KubeObject | undefined): Promise<SideKeys>;
  /** The keys released when the object is removed. */
  released(ctx: RegistryContext, old: KubeObject): SideKeys;
}

export type WriteHooks = ReadonlyMap<ResourceInfo, KindWriteHook>;

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
