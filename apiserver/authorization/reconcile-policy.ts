// How a default role or binding that already exists is brought up to date,
// as kube-apiserver's rbac/bootstrap-roles hook reconciles: unless annotated
// autoupdate "false", it gains the rules, labels, annotations, aggregation
// selectors and subjects it lacks; nothing a person added is taken away.
// Pure: answers the updated copy, or undefined when nothing is missing.
import type { LabelSelector } from '../../api/types/meta.js';
import type { ClusterRole, ClusterRoleBinding, Subject } from '../../api/types/rbac.js';
import { semanticEqual } from '../../api/validation/semantic-equal.js';
import { AUTOUPDATE_ANNOTATION } from './bootstrap-policy.js';
import { uncoveredRules } from './covers.js';

type Reconcilable = ClusterRole | ClusterRoleBinding;

function reconcileMeta<T extends Reconcilable>(existing: T, expected: T): T {
  const next = structuredClone(existing) as T;
  next.metadata.labels = { ...expected.metadata.labels, ...existing.metadata.labels };
  next.metadata.annotations = { ...expected.metadata.annotations, ...existing.metadata.annotations };
  return next;
}

function optedOut(existing: Reconcilable): boolean {
  return existing.metadata.annotations?.[AUTOUPDATE_ANNOTATION] === 'false';
}

function missingSelectors(have: readonly LabelSelector[], want: readonly LabelSelector[]): LabelSelector[] {
  return want.filter((w) => !have.some((h) => semanticEqual(h, w)));
}

export function reconcileClusterRole(existing: ClusterRole, expected: ClusterRole): ClusterRole | undefined {
  if (optedOut(existing)) return undefined;
  const next = reconcileMeta(existing, expected);
  if (expected.aggregationRule) {
    // The aggregation controller owns the rules of an aggregating role.
    const have = existing.aggregationRule?.clusterRoleSelectors ?? [];
    const add = missingSelectors(have, expected.aggregationRule.clusterRoleSelectors ?? []);
    if (add.length > 0) next.aggregationRule = { clusterRoleSelectors: [...have, ...add] };
  } else {
    const missing = uncoveredRules(existing.rules ?? [], expected.rules ?? []);
    if (missing.length > 0) next.rules = [...(existing.rules ?? []), ...missing];
  }
  return semanticEqual(next, existing) ? undefined : next;
}

function sameSubject(a: Subject, b: Subject): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}

/** undefined: up to date. A binding to another role cannot be changed in place: `recreate` says to delete it first. */
export function reconcileClusterRoleBinding(existing: ClusterRoleBinding, expected: ClusterRoleBinding): { binding: ClusterRoleBinding; recreate: boolean } | undefined {
  if (optedOut(existing)) return undefined;
  if (!semanticEqual(existing.roleRef, expected.roleRef)) {
    return { binding: { ...expected, subjects: [...(existing.subjects ?? []), ...(expected.subjects ?? [])] }, recreate: true };
  }
  const next = reconcileMeta(existing, expected);
  const have = existing.subjects ?? [];
  const add = (expected.subjects ?? []).filter((s) => !have.some((h) => sameSubject(h, s)));
  if (add.length > 0) next.subjects = [...have, ...add];
  return semanticEqual(next, existing) ? undefined : { binding: next, recreate: false };
}
