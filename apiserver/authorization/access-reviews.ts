// authorization.k8s.io/v1 SelfSubjectAccessReview ("may I do this?") and
// SelfSubjectRulesReview ("what may I do in this namespace?"): create-only,
// answered from the caller's own identity and never stored, as `kubectl auth
// can-i` and `kubectl auth can-i --list` ask them.
import { invalid } from '../../api/errors.js';
import type { PolicyRule } from '../../api/types/rbac.js';
import { invalidValue } from '../../api/validation/field-errors.js';
import { isRecord, recordOf, stringOf, type JsonRecord } from '../../api/validation/values.js';
import { SYSTEM_MASTERS, type Attributes, type Authorizer, type UserInfo } from './attributes.js';
import { FULL_AUTHORITY } from './escalation-guard.js';
import type { RuleResolver } from './rule-resolver.js';

export const AUTHORIZATION_GROUP = 'authorization.k8s.io';
export const AUTHORIZATION_VERSION = 'v1';
const API_VERSION = `${AUTHORIZATION_GROUP}/${AUTHORIZATION_VERSION}`;

/** The attributes a review's spec asks about; Invalid unless it names exactly one kind of request. */
export function reviewAttributes(spec: JsonRecord, user: UserInfo): Attributes {
  const resource = spec.resourceAttributes;
  const nonResource = spec.nonResourceAttributes;
  if (isRecord(resource) === isRecord(nonResource)) {
    const detail = 'exactly one of nonResourceAttributes or resourceAttributes must be specified';
    throw invalid('SelfSubjectAccessReview', AUTHORIZATION_GROUP, '', [invalidValue('spec.resourceAttributes', resource ?? null, detail)]);
  }
  if (isRecord(nonResource)) return { kind: 'nonResource', user, verb: stringOf(nonResource.verb), path: stringOf(nonResource.path) };
  const r = recordOf(resource);
  return {
    kind: 'resource',
    user,
    verb: stringOf(r.verb),
    apiGroup: stringOf(r.group),
    apiVersion: stringOf(r.version),
    resource: stringOf(r.resource),
    subresource: stringOf(r.subresource),
    namespace: stringOf(r.namespace),
    name: stringOf(r.name),
  };
}

export function selfSubjectAccessReview(body: JsonRecord, user: UserInfo, authorizer: Authorizer): JsonRecord {
  const spec = recordOf(body.spec);
  const decision = authorizer.authorize(reviewAttributes(spec, user));
  const status: JsonRecord = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  return { apiVersion: API_VERSION, kind: 'SelfSubjectAccessReview', metadata: { creationTimestamp: null }, spec, status };
}

function splitRules(rules: readonly PolicyRule[]): { resourceRules: JsonRecord[]; nonResourceRules: JsonRecord[] } {
  const resourceRules: JsonRecord[] = [];
  const nonResourceRules: JsonRecord[] = [];
  for (const rule of rules) {
    if ((rule.nonResourceURLs ?? []).length > 0) {
      nonResourceRules.push({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs });
    } else {
      const entry: JsonRecord = { verbs: rule.verbs, apiGroups: rule.apiGroups ?? [], resources: rule.resources ?? [] };
      if ((rule.resourceNames ?? []).length > 0) entry.resourceNames = rule.resourceNames;
      resourceRules.push(entry);
    }
  }
  return { resourceRules, nonResourceRules };
}

export function selfSubjectRulesReview(body: JsonRecord, user: UserInfo, resolver: RuleResolver): JsonRecord {
  const spec = recordOf(body.spec);
  const namespace = stringOf(spec.namespace);
  const resolved = resolver.rulesFor(user, namespace);
  // system:masters is let through before RBAC is asked, so its rules are everything.
  const rules = user.groups.includes(SYSTEM_MASTERS) ? [...FULL_AUTHORITY, ...resolved.rules] : resolved.rules;
  const status: JsonRecord = { ...splitRules(rules), incomplete: resolved.errors.length > 0 };
  if (resolved.errors.length > 0) status.evaluationError = resolved.errors.join(', ');
  return { apiVersion: API_VERSION, kind: 'SelfSubjectRulesReview', metadata: { creationTimestamp: null }, spec, status };
}
