// Which rules apply to a user in a namespace, as Kubernetes' DefaultRuleResolver:
// every ClusterRoleBinding naming the user (or one of its groups, or its
// ServiceAccount), then in a namespace every RoleBinding there; each binding
// contributes the rules of the role it refers to. A binding to a missing role
// contributes nothing and is reported, so a rules review can say it is incomplete.
import type { PolicyRule, RoleBinding, RoleRef, Subject } from '../../api/types/rbac.js';
import type { UserInfo } from './attributes.js';
import type { RbacSource } from './rbac-source.js';

/** How a ServiceAccount authenticates: `system:serviceaccount:<namespace>:<name>`. */
export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';

/** Whether a binding's subject is this user; `bindingNamespace` is where a ServiceAccount without a namespace lives. */
export function subjectMatches(subject: Subject, user: UserInfo, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount':
      return user.name === `${SERVICE_ACCOUNT_PREFIX}${subject.namespace || bindingNamespace}:${subject.name}`;
    default:
      return false;
  }
}

function appliesTo(binding: RoleBinding, user: UserInfo): boolean {
  return (binding.subjects ?? []).some((s) => subjectMatches(s, user, binding.metadata.namespace ?? ''));
}

export interface ResolvedRules {
  rules: PolicyRule[];
  /** Bindings whose role could not be found: the rules are then incomplete. */
  errors: string[];
}

export class RuleResolver {
  constructor(private readonly source: RbacSource) {}

  /** The rules of the role a binding in `namespace` ("" for a ClusterRoleBinding) refers to. */
  roleRules(ref: RoleRef, namespace: string): PolicyRule[] | undefined {
    const role = ref.kind === 'Role' ? this.source.role(namespace, ref.name) : ref.kind === 'ClusterRole' ? this.source.clusterRole(ref.name) : undefined;
    return role ? [...(role.rules ?? [])] : undefined;
  }

  /**
   * Calls `visit` with each applicable binding's rules until it answers true
   * (found what it looked for); returns whether it did.
   */
  visit(user: UserInfo, namespace: string, visit: (rules: readonly PolicyRule[]) => boolean, errors: string[] = []): boolean {
    const scopes: { bindings: readonly RoleBinding[]; namespace: string }[] = [{ bindings: this.source.clusterRoleBindings(), namespace: '' }];
    if (namespace !== '') scopes.push({ bindings: this.source.roleBindings(namespace), namespace });
    for (const scope of scopes) {
      for (const binding of scope.bindings) {
        if (!appliesTo(binding, user)) continue;
        const rules = this.roleRules(binding.roleRef, scope.namespace);
        if (!rules) {
          errors.push(`${binding.roleRef.kind}.rbac.authorization.k8s.io "${binding.roleRef.name}" not found`);
          continue;
        }
        if (visit(rules)) return true;
      }
    }
    return false;
  }

  /** Every rule the user holds in `namespace` ("": cluster-wide only). */
  rulesFor(user: UserInfo, namespace: string): ResolvedRules {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    this.visit(user, namespace, (found) => {
      rules.push(...found);
      return false;
    }, errors);
    return { rules, errors };
  }
}
