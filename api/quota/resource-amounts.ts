// Arithmetic on resource lists as quota and LimitRange need it: exact sums and
// comparisons in thousandths of a unit (bigint, so 8Ei of storage adds up
// exactly), printed back in the form Kubernetes prints each resource.
import { formatBytes, formatMillis, quantityMillis } from '../quantity.js';
import type { ResourceList } from '../types/quota.js';

/** Resource name to amount in thousandths of its unit. */
export type Amounts = Map<string, bigint>;

const MILLIS_PER_UNIT = 1000n;

export function millisOf(value: unknown): bigint {
  if (typeof value === 'number' || typeof value === 'string') return quantityMillis(value);
  return 0n;
}

/** The amounts of a resource list as stored (a missing or malformed list is empty). */
export function amountsOf(list: unknown): Amounts {
  const out: Amounts = new Map();
  if (!list || typeof list !== 'object' || Array.isArray(list)) return out;
  for (const [name, value] of Object.entries(list as Record<string, unknown>)) out.set(name, millisOf(value));
  return out;
}

export function addAmounts(into: Amounts, more: Amounts): Amounts {
  const out: Amounts = new Map(into);
  for (const [name, value] of more) out.set(name, (out.get(name) ?? 0n) + value);
  return out;
}

function isCpu(name: string): boolean {
  return name === 'cpu' || name.endsWith('.cpu');
}

function isBytes(name: string): boolean {
  return /(^|\.)(memory|storage|ephemeral-storage)$/.test(name);
}

/** One amount as `kubectl describe quota` shows it: "500m" of cpu, "128Mi" of memory, "3" pods. */
export function formatAmount(name: string, millis: bigint): string {
  if (isCpu(name)) return formatMillis(Number(millis));
  if (millis % MILLIS_PER_UNIT !== 0n) return `${millis}m`;
  const units = millis / MILLIS_PER_UNIT;
  return isBytes(name) ? formatBytes(Number(units)) : units.toString();
}

export function formatAmounts(amounts: Amounts): ResourceList {
  const out: ResourceList = {};
  for (const name of [...amounts.keys()].sort()) out[name] = formatAmount(name, amounts.get(name) ?? 0n);
  return out;
}
