// Kubernetes' ResourceQuota admission on create, charged in the same etcd
// transaction as the object: each quota of the namespace that limits what the
// object uses is rewritten with the new status.used, guarded on its mod
// revision, so concurrent creates cannot both take the last unit (the loser's
// transaction fails and createObject plans it again, against the new usage).
import { forbidden } from '../../../api/errors.js';
import { KINDS } from '../../../api/kinds/registry.js';
import { resources, type ResourceInfo } from '../../../api/resources.js';
import { addAmounts, amountsOf, formatAmounts, type Amounts } from '../../../api/quota/resource-amounts.js';
import { hardOf, kindOfResourceName, missingComputeError, objectUsage } from '../../../api/quota/usage.js';
import type { KubeObject, ResourceQuota } from '../../../api/types/index.js';
import { encodeObject } from '../../storage/codec.js';
import type { SideKeys } from '../../storage/object-store.js';
import type { RegistryContext } from '../context.js';
import { chargeQuota, QuotaExceeded } from './quota-check.js';
import { mayHoldAny, storedObjectsIn, type NamespaceObject } from './namespace-objects.js';

const QUOTAS = resources.resourceQuotas;

/** What the namespace's objects of one kind use now, for a quota that has not tracked a name yet. */
async function currentUsage(ctx: RegistryContext, name: string, namespace: string, memo: Map<string, Amounts>): Promise<Amounts> {
  const kind = kindOfResourceName(name);
  const info = kind && KINDS.find((k) => k.plural === kind.plural && k.group === kind.group && k.namespaced);
  if (!info) return new Map();
  const memoKey = `${info.group}/${info.plural}`;
  const known = memo.get(memoKey);
  if (known) return known;
  let total: Amounts = new Map();
  for (const { object } of await storedObjectsIn(ctx, info, namespace)) total = addAmounts(total, objectUsage(info, object));
  memo.set(memoKey, total);
  return total;
}

/** The quota's used amounts, filled from the namespace's objects for the names it has not tracked yet. */
async function usedOf(ctx: RegistryContext, quota: ResourceQuota, names: readonly string[], namespace: string, memo: Map<string, Amounts>): Promise<Amounts> {
  const used = amountsOf(quota.status?.used);
  for (const name of names) {
    if (!used.has(name)) used.set(name, (await currentUsage(ctx, name, namespace, memo)).get(name) ?? 0n);
  }
  return used;
}

function refusal(info: ResourceInfo, obj: KubeObject, why: string): Error {
  return forbidden(info.plural, obj.metadata.name ?? '', why, info.group);
}

async function chargeOne(ctx: RegistryContext, info: ResourceInfo, obj: KubeObject, stored: NamespaceObject, usage: Amounts, memo: Map<string, Amounts>) {
  const quota = stored.object as ResourceQuota;
  const quotaName = quota.metadata.name ?? '';
  const hard = hardOf(quota);
  if (info === resources.pods) {
    const missing = missingComputeError(obj, hard);
    if (missing) throw refusal(info, obj, `failed quota: ${quotaName}: ${missing}`);
  }
  const names = [...usage.keys()].filter((n) => hard.has(n));
  if (names.length === 0) return undefined;
  const used = await usedOf(ctx, quota, names, obj.metadata.namespace ?? '', memo);
  let charge;
  try {
    charge = chargeQuota(quotaName, hard, used, usage);
  } catch (err) {
    if (err instanceof QuotaExceeded) throw refusal(info, obj, err.message);
    throw err;
  }
  const next: ResourceQuota = { ...quota, status: { hard: { ...(quota.spec?.hard ?? {}) }, used: formatAmounts(charge.used) } };
  return { key: stored.key, value: encodeObject(next), modRevision: stored.modRevision };
}

/**
 * The quota writes that go with creating `obj` (validated, defaulted, named);
 * throws Forbidden with upstream's message when a quota refuses it.
 */
export async function quotaClaims(ctx: RegistryContext, info: ResourceInfo, obj: KubeObject): Promise<SideKeys['claim']> {
  const namespace = obj.metadata.namespace ?? '';
  if (!info.namespaced || !namespace || !mayHoldAny(ctx, QUOTAS, namespace)) return [];
  const quotas = await storedObjectsIn(ctx, QUOTAS, namespace);
  if (quotas.length === 0) return [];
  const usage = objectUsage(info, obj);
  const memo = new Map<string, Amounts>();
  const claims: SideKeys['claim'] = [];
  for (const stored of quotas) {
    const claim = await chargeOne(ctx, info, obj, stored, usage, memo);
    if (claim) claims.push(claim);
  }
  return claims;
}

/** The object's side keys with its quota charges added. */
export async function withQuotaClaims(ctx: RegistryContext, info: ResourceInfo, obj: KubeObject, side: SideKeys): Promise<SideKeys> {
  const claims = await quotaClaims(ctx, info, obj);
  return claims.length === 0 ? side : { claim: [...side.claim, ...claims], release: side.release };
}
