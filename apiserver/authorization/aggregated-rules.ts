// The rules an aggregating ClusterRole should hold, as Kubernetes'
// clusterrole-aggregation controller computes them: for each selector in
// turn, the rules of every other ClusterRole it selects (by name order),
// each rule once. Pure.
import { labelSelectorMatches } from '../../api/labels/label-selector.js';
import type { ClusterRole, PolicyRule } from '../../api/types/rbac.js';
import { semanticEqual } from '../../api/validation/semantic-equal.js';

export function aggregatedRules(target: ClusterRole, all: readonly ClusterRole[]): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const sorted = [...all].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  for (const selector of target.aggregationRule?.clusterRoleSelectors ?? []) {
    for (const role of sorted) {
      if (role.metadata.name === target.metadata.name) continue;
      let selected: boolean;
      try {
        selected = labelSelectorMatches(selector, role.metadata.labels);
      } catch {
        // A selector validation let through but the matcher refuses selects nothing.
        selected = false;
      }
      if (!selected) continue;
      for (const rule of role.rules ?? []) if (!rules.some((r) => semanticEqual(r, rule))) rules.push(rule);
    }
  }
  return rules;
}
