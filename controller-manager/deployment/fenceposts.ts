// maxSurge / maxUnavailable as numbers: an int, or a percentage of the
// desired replicas (surge rounds up, unavailable rounds down), as Kubernetes.
import { scaledValue } from '../../api/scaled-value.js';
import type { Deployment } from '../../api/types/index.js';

export const DEFAULT_MAX_SURGE = '25%';
export const DEFAULT_MAX_UNAVAILABLE = '25%';

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** [maxSurge, maxUnavailable]; both zero would deadlock, so unavailable becomes 1. */
export function resolveFenceposts(d: Deployment): [number, number] {
  const desired = d.spec.replicas ?? 1;
  const ru = d.spec.strategy?.rollingUpdate ?? {};
  const surge = scaledValue(ru.maxSurge ?? DEFAULT_MAX_SURGE, desired, true);
  const unavailable = scaledValue(ru.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE, desired, false);
  if (surge === 0 && unavailable === 0) return [0, 1];
  return [surge, unavailable];
}

export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? resolveFenceposts(d)[0] : 0;
}

export function maxUnavailable(d: Deployment): number {
  const desired = d.spec.replicas ?? 1;
  if (!isRollingUpdate(d) || desired === 0) return 0;
  return Math.min(resolveFenceposts(d)[1], desired);
}
