// Where the RBAC authorizer reads roles and bindings from: an interface, so
// the rule resolution is tested over plain arrays and served from the
// apiserver's informer caches (rbac-informers.ts).
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from '../../api/types/rbac.js';

export interface RbacSource {
  clusterRoleBindings(): readonly ClusterRoleBinding[];
  /** The RoleBindings of one namespace. */
  roleBindings(namespace: string): readonly RoleBinding[];
  clusterRole(name: string): ClusterRole | undefined;
  role(namespace: string, name: string): Role | undefined;
}

/** A source over fixed lists: tests, and a snapshot of a cache. */
export function staticRbacSource(objects: {
  clusterRoles?: readonly ClusterRole[];
  clusterRoleBindings?: readonly ClusterRoleBinding[];
  roles?: readonly Role[];
  roleBindings?: readonly RoleBinding[];
}): RbacSource {
  return {
    clusterRoleBindings: () => objects.clusterRoleBindings ?? [],
    roleBindings: (ns) => (objects.roleBindings ?? []).filter((b) => b.metadata.namespace === ns),
    clusterRole: (name) => (objects.clusterRoles ?? []).find((r) => r.metadata.name === name),
    role: (ns, name) => (objects.roles ?? []).find((r) => r.metadata.namespace === ns && r.metadata.name === name),
  };
}
