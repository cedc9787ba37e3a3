// Escalation prevention, as Kubernetes' RBAC storage: a Role or ClusterRole
// may grant only what its writer already holds (unless the writer may
// `escalate` it), and a binding may refer only to a role whose rules its
// writer holds where the binding applies (unless the writer may `bind` it).
// An aggregating ClusterRole is filled by the aggregation controller with
// anything, so writing one needs full authority. Runs as a write hook: on the
// final object of every create, update, patch and apply, before it is stored.
import { forbidden } from '../../api/errors.js';
import { isResource, resources, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import type { ClusterRole, PolicyRule, RoleBinding } from '../../api/types/rbac.js';
import type { KindWriteHook, WriteHooks } from '../registry/context.js';
import { NO_SIDE_KEYS } from '../registry/write-hooks.js';
import type { Authorizer, UserInfo } from './attributes.js';
import { compactRule, uncoveredRules } from './covers.js';
import { requestUser } from './request-user.js';
import type { RuleResolver } from './rule-resolver.js';
import { RBAC_GROUP } from '../../api/kinds/rbac-validation.js';

/** What an aggregating ClusterRole may come to hold: everything. */
export const FULL_AUTHORITY: readonly PolicyRule[] = Object.freeze([
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
]);

/** Pieces that differ only in verbs print as one rule, sorted, as Kubernetes compacts them. */
function describeMissing(rules: readonly PolicyRule[]): string {
  const merged = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const key = JSON.stringify([rule.apiGroups, rule.resources, rule.resourceNames, rule.nonResourceURLs]);
    const seen = merged.get(key);
    if (seen) seen.verbs = [...new Set([...seen.verbs, ...rule.verbs])];
    else merged.set(key, { ...rule, verbs: [...rule.verbs] });
  }
  return [...merged.values()].map(compactRule).sort().join('\n');
}

function goQuotedList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

/**
 * Whether an update leaves what the object grants as it was (a role's rules
 * and aggregation, a binding's role and subjects): then it grants nothing new,
 * and a writer such as the garbage collector, which only edits owner
 * references and finalizers, needs no claim to the rules.
 */
function grantsSame(next: KubeObject, old: KubeObject): boolean {
  const grants = (obj: KubeObject): string => {
    const { rules, aggregationRule, roleRef, subjects } = obj as ClusterRole & Partial<RoleBinding>;
    return JSON.stringify([rules ?? [], aggregationRule ?? null, roleRef ?? null, subjects ?? []]);
  };
  return grants(next) === grants(old);
}

export class EscalationGuard implements KindWriteHook {
  constructor(
    private readonly info: ResourceInfo,
    private readonly resolver: RuleResolver,
    private readonly authorizer: Authorizer,
  ) {}

  async prepare(_ctx: unknown, next: KubeObject, old?: KubeObject): Promise<typeof NO_SIDE_KEYS> {
    const user = requestUser();
    if (user && !(old && grantsSame(next, old))) this.check(user, next);
    return NO_SIDE_KEYS;
  }

  released(): typeof NO_SIDE_KEYS {
    return NO_SIDE_KEYS;
  }

  private allows(user: UserInfo, verb: string, resource: string, namespace: string, name: string): boolean {
    return this.authorizer.authorize({ kind: 'resource', user, verb, apiGroup: RBAC_GROUP, apiVersion: 'v1', resource, subresource: '', namespace, name }).allowed;
  }

  private check(user: UserInfo, obj: KubeObject): void {
    const namespace = obj.metadata.namespace ?? '';
    const name = obj.metadata.name ?? '';
    const isBinding = isResource(this.info, resources.roleBindings) || isResource(this.info, resources.clusterRoleBindings);
    let granted: readonly PolicyRule[];
    if (isBinding) {
      const ref = (obj as RoleBinding).roleRef;
      if (this.allows(user, 'bind', ref.kind === 'Role' ? 'roles' : 'clusterroles', namespace, ref.name)) return;
      const rules = this.resolver.roleRules(ref, namespace);
      if (!rules) throw forbidden(this.info.plural, name, `${ref.kind.toLowerCase()}s.${RBAC_GROUP} "${ref.name}" not found`, this.info.group);
      granted = rules;
    } else {
      if (this.allows(user, 'escalate', this.info.plural, namespace, name)) return;
      granted = (obj as ClusterRole).aggregationRule ? FULL_AUTHORITY : ((obj as ClusterRole).rules ?? []);
    }
    const owned = this.resolver.rulesFor(user, namespace);
    const missing = uncoveredRules(owned.rules, granted);
    if (missing.length === 0) return;
    let why = `user ${JSON.stringify(user.name)} (groups=${goQuotedList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${describeMissing(missing)}`;
    if (owned.errors.length > 0) why += `; resolution errors: [${owned.errors.join(' ')}]`;
    throw forbidden(this.info.plural, name, why, this.info.group);
  }
}

/** The guard on each of the four RBAC kinds. */
export function escalationWriteHooks(resolver: RuleResolver, authorizer: Authorizer): WriteHooks {
  const kinds: ResourceInfo[] = [resources.roles, resources.clusterRoles, resources.roleBindings, resources.clusterRoleBindings];
  return new Map(kinds.map((info) => [info, new EscalationGuard(info, resolver, authorizer) as KindWriteHook]));
}
