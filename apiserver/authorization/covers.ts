// Whether one set of rules holds everything another grants, as Kubernetes'
// escalation check (rbac/validation Covers): each granted rule is broken into
// single-verb, single-group, single-resource, single-name pieces, and each
// piece must be held by some rule of the owner. Returns the pieces not held.
import type { PolicyRule } from '../../api/types/rbac.js';
import { ALL } from './rule-match.js';

const has = (set: readonly string[] | undefined, value: string): boolean => (set ?? []).includes(value);
const hasAll = (set: readonly string[] | undefined, values: readonly string[] | undefined): boolean => (values ?? []).every((v) => has(set, v));

/** One rule per verb × group × resource × name (or verb × URL). */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const pieces: PolicyRule[] = [];
  for (const verb of rule.verbs ?? []) {
    for (const group of rule.apiGroups ?? []) {
      for (const resource of rule.resources ?? []) {
        const names = rule.resourceNames ?? [];
        if (names.length === 0) pieces.push({ verbs: [verb], apiGroups: [group], resources: [resource] });
        for (const name of names) pieces.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [name] });
      }
    }
    for (const url of rule.nonResourceURLs ?? []) pieces.push({ verbs: [verb], nonResourceURLs: [url] });
  }
  return pieces;
}

function resourcesCovered(held: readonly string[] | undefined, wanted: readonly string[] | undefined): boolean {
  if (has(held, ALL)) return true;
  return (wanted ?? []).every((resource) => {
    if (has(held, resource)) return true;
    const slash = resource.indexOf('/');
    // `*/scale` held covers `deployments/scale` wanted.
    return slash >= 0 && has(held, `${ALL}/${resource.slice(slash + 1)}`);
  });
}

function urlsCovered(held: readonly string[] | undefined, wanted: readonly string[] | undefined): boolean {
  return (wanted ?? []).every((url) =>
    (held ?? []).some((h) => h === url || (h.endsWith(ALL) && url.startsWith(h.replace(/\*+$/, '')))),
  );
}

function namesCovered(held: readonly string[] | undefined, wanted: readonly string[] | undefined): boolean {
  if ((held ?? []).length === 0) return true;
  return (wanted ?? []).length > 0 && hasAll(held, wanted);
}

export function ruleCovers(owner: PolicyRule, piece: PolicyRule): boolean {
  return (
    (has(owner.verbs, ALL) || hasAll(owner.verbs, piece.verbs)) &&
    (has(owner.apiGroups, ALL) || hasAll(owner.apiGroups, piece.apiGroups)) &&
    resourcesCovered(owner.resources, piece.resources) &&
    urlsCovered(owner.nonResourceURLs, piece.nonResourceURLs) &&
    namesCovered(owner.resourceNames, piece.resourceNames)
  );
}

/** The pieces of `granted` no rule of `owned` holds; empty when `owned` covers `granted`. */
export function uncoveredRules(owned: readonly PolicyRule[], granted: readonly PolicyRule[]): PolicyRule[] {
  return granted.flatMap(breakdownRule).filter((piece) => !owned.some((owner) => ruleCovers(owner, piece)));
}

/** A rule as Kubernetes prints it in escalation errors: `{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}`. */
export function compactRule(rule: PolicyRule): string {
  const fields: [string, readonly string[] | undefined][] = [
    ['APIGroups', rule.apiGroups],
    ['Resources', rule.resources],
    ['ResourceNames', rule.resourceNames],
    ['NonResourceURLs', rule.nonResourceURLs],
    ['Verbs', rule.verbs],
  ];
  const parts = fields.filter(([, v]) => (v ?? []).length > 0).map(([k, v]) => `${k}:[${(v ?? []).map((s) => JSON.stringify(s)).join(' ')}]`);
  return `{${parts.join(', ')}}`;
}
