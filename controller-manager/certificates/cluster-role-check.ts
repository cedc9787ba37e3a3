// Whether a user may do something cluster-wide, judged from ClusterRoleBindings
// and ClusterRoles alone. The approver asks it of CSR requestors ("may they
// create certificatesigningrequests/nodeclient?"). The apiserver serves no
// SubjectAccessReview to ask instead, and for a cluster-scoped resource only
// cluster bindings can grant the right, so this reads the same bindings RBAC does.
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Subject } from '../../api/types/rbac.js';

export interface ClusterRequest {
  user: string;
  groups: readonly string[];
  verb: string;
  apiGroup: string;
  /** `resource` or `resource/subresource`. */
  resource: string;
}

const matches = (values: readonly string[] | undefined, value: string): boolean => (values ?? []).some((v) => v === '*' || v === value);

function resourceMatches(resources: readonly string[] | undefined, resource: string): boolean {
  const slash = resource.indexOf('/');
  const subresource = slash < 0 ? undefined : resource.slice(slash + 1);
  return (resources ?? []).some((r) => r === '*' || r === resource || (subresource !== undefined && r === `*/${subresource}`));
}

/** A rule with resourceNames never grants a request that names no object. */
export function ruleGrants(rule: PolicyRule, request: ClusterRequest): boolean {
  if ((rule.resourceNames ?? []).length > 0) return false;
  return matches(rule.verbs, request.verb) && matches(rule.apiGroups, request.apiGroup) && resourceMatches(rule.resources, request.resource);
}

function subjectIs(subject: Subject, request: ClusterRequest): boolean {
  if (subject.kind === 'User') return subject.name === request.user;
  if (subject.kind === 'Group') return request.groups.includes(subject.name);
  return false;
}

export function clusterRolesAllow(bindings: readonly ClusterRoleBinding[], roles: readonly ClusterRole[], request: ClusterRequest): boolean {
  const byName = new Map(roles.map((r) => [r.metadata.name ?? '', r]));
  return bindings.some(
    (binding) =>
      binding.roleRef.kind === 'ClusterRole' &&
      (binding.subjects ?? []).some((s) => subjectIs(s, request)) &&
      (byName.get(binding.roleRef.name)?.rules ?? []).some((rule) => ruleGrants(rule, request)),
  );
}
