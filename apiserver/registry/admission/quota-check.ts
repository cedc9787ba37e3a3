// The arithmetic of Kubernetes' ResourceQuota admission for one quota, without
// I/O: what a new object adds to what the quota has used, and the refusal, in
// upstream's words, when that passes a hard limit.
import { formatAmount, type Amounts } from '../../../api/quota/resource-amounts.js';

export interface QuotaCharge {
  /** The quota's used amounts after the charge (every name it already tracked, plus the charged ones). */
  used: Amounts;
  /** Whether anything the quota limits changed. */
  charged: boolean;
}

/** `a=1,b=2` in name order, as upstream's prettyPrint. */
function pretty(amounts: Amounts, names: readonly string[]): string {
  return names.map((n) => `${n}=${formatAmount(n, amounts.get(n) ?? 0n)}`).join(',');
}

/**
 * Charges `usage` to a quota with limits `hard` that has used `used` (every name
 * of `hard` that `usage` names must be in `used`). Throws the refusal's reason
 * (without the `pods "x" is forbidden: ` prefix) when a limit would be passed.
 */
export function chargeQuota(quotaName: string, hard: Amounts, used: Amounts, usage: Amounts): QuotaCharge {
  const charged = [...usage.keys()].filter((n) => hard.has(n)).sort();
  const next: Amounts = new Map(used);
  for (const name of charged) next.set(name, (used.get(name) ?? 0n) + (usage.get(name) ?? 0n));
  const exceeded = charged.filter((n) => (next.get(n) ?? 0n) > (hard.get(n) ?? 0n));
  if (exceeded.length > 0) {
    throw new QuotaExceeded(
      `exceeded quota: ${quotaName}, requested: ${pretty(usage, exceeded)}, used: ${pretty(used, exceeded)}, limited: ${pretty(hard, exceeded)}`,
    );
  }
  return { used: next, charged: charged.length > 0 };
}

/** A create the quota cannot take; its message is upstream's reason. */
export class QuotaExceeded extends Error {}
