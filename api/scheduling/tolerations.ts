// Taints against tolerations, as Kubernetes' ToleratesTaint.
import type { Taint, Toleration } from '../types/index.js';

type TaintIdentity = Pick<Taint, 'key' | 'value' | 'effect'>;

export function toleratesTaint(toleration: Toleration, taint: TaintIdentity): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  const op = toleration.operator ?? 'Equal';
  // An empty key with Exists tolerates every taint.
  if (op === 'Exists') return true;
  return op === 'Equal' && (toleration.value ?? '') === (taint.value ?? '');
}

/** The tolerations that tolerate `taint` (empty: not tolerated). */
export function tolerationsFor(tolerations: readonly Toleration[] | undefined, taint: TaintIdentity): Toleration[] {
  return (tolerations ?? []).filter((t) => toleratesTaint(t, taint));
}

export function toleratedBy(tolerations: readonly Toleration[] | undefined, taint: TaintIdentity): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** Every taint with one of `effects` is tolerated. */
export function toleratesAll(tolerations: readonly Toleration[] | undefined, taints: readonly Taint[] | undefined, effects: readonly Taint['effect'][]): boolean {
  return (taints ?? []).filter((t) => effects.includes(t.effect)).every((taint) => toleratedBy(tolerations, taint));
}
