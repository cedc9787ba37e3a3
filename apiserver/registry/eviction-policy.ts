// Whether a pod may be evicted now: the one place disruption policy will live.
// Kubernetes checks the PodDisruptionBudgets that select the pod (and skips them
// for pods that are not running: pending, finished or already being deleted).
// Flotilla has no PodDisruptionBudget kind yet, so no budget can hold an
// eviction back and every eviction of an existing pod is allowed; budgets will
// be read here, and a refusal answers 429 as Kubernetes does.
import type { Pod } from '../../api/types/index.js';

export type EvictionVerdict = { allowed: true } | { allowed: false; why: string };

export function evictionVerdict(_pod: Pod): EvictionVerdict {
  return { allowed: true };
}
