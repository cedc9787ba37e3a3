// An int-or-percent (maxSurge, maxUnavailable, minAvailable, ...) as a number
// of a total: an int as it is, a percentage of the total rounded up or down,
// as Kubernetes' intstr.GetScaledValueFromIntOrPercent. Deployments, DaemonSets
// and disruption budgets all read their bounds through it.
import type { IntOrString } from './types/index.js';

export function scaledValue(value: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value.trim());
  if (!m) {
    const n = Number(value);
    if (Number.isInteger(n)) return n;
    throw new Error(`invalid value for IntOrString: ${JSON.stringify(value)}`);
  }
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
