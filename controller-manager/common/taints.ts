// Taints against tolerations, as Kubernetes' ToleratesTaint.
import type { Taint, Toleration } from '../../api/types/index.js';

export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  return op === 'Equal' && (t.value ?? '') === (taint.value ?? '');
}

/** The tolerations that tolerate `taint` (empty: not tolerated). */
export function tolerationsFor(tolerations: readonly Toleration[] | undefined, taint: Taint): Toleration[] {
  return (tolerations ?? []).filter((t) => toleratesTaint(t, taint));
}

/** Every taint with one of `effects` is tolerated. */
export function toleratesAll(tolerations: readonly Toleration[] | undefined, taints: readonly Taint[] | undefined, effects: readonly Taint['effect'][]): boolean {
  return (taints ?? []).filter((t) => effects.includes(t.effect)).every((taint) => tolerationsFor(tolerations, taint).length > 0);
}
