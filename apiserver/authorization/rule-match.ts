// Whether one PolicyRule covers a request, as Kubernetes' RBAC rule matching:
// `*` matches any verb, group, resource or URL; `pods/log` names a
// subresource and `*/scale` that subresource of every resource (there is no
// `pods/*`: a rule names subresources one by one); resourceNames narrow a rule to named objects (and so never
// match a request without a name); a URL ending in `*` matches by prefix.
import type { PolicyRule } from '../../api/types/rbac.js';
import type { Attributes, ResourceAttributes } from './attributes.js';

export const ALL = '*';

function hasOrAll(values: readonly string[] | undefined, wanted: string): boolean {
  return (values ?? []).some((v) => v === ALL || v === wanted);
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return hasOrAll(rule.verbs, verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return hasOrAll(rule.apiGroups, group);
}

export function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource === '' ? resource : `${resource}/${subresource}`;
  return (rule.resources ?? []).some((r) => {
    if (r === ALL || r === combined) return true;
    return subresource !== '' && r === `${ALL}/${subresource}`;
  });
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

export function nonResourceUrlMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((url) => url === ALL || url === path || (url.endsWith(ALL) && path.startsWith(url.replace(/\*+$/, ''))));
}

function resourceRuleAllows(rule: PolicyRule, attrs: ResourceAttributes): boolean {
  return (
    verbMatches(rule, attrs.verb) &&
    apiGroupMatches(rule, attrs.apiGroup) &&
    resourceMatches(rule, attrs.resource, attrs.subresource) &&
    resourceNameMatches(rule, attrs.name)
  );
}

/** Whether `rule` grants the request. */
export function ruleAllows(rule: PolicyRule, attrs: Attributes): boolean {
  if (attrs.kind === 'resource') return resourceRuleAllows(rule, attrs);
  return verbMatches(rule, attrs.verb) && nonResourceUrlMatches(rule, attrs.path);
}

export function rulesAllow(rules: readonly PolicyRule[], attrs: Attributes): boolean {
  return rules.some((rule) => ruleAllows(rule, attrs));
}
