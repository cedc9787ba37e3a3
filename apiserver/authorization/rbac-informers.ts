// The four RBAC kinds as informer caches inside the apiserver, read by the
// authorizer on every request: listed and watched from the apiserver's own
// registry and watches (apiserver/watch/in-process-source.ts), so a role
// written through any apiserver counts here within one watch event.
import { resources } from '../../api/resources.js';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from '../../api/types/rbac.js';
import type { ListWatchSource } from '../../client/list-watch-source.js';
import { Informer } from '../../client/informer.js';
import type { Logger } from '../../client/logger.js';
import { InformerGroup } from './informer-group.js';
import type { RbacSource } from './rbac-source.js';

const BY_NAMESPACE = 'namespace';

export class RbacInformers implements RbacSource {
  readonly clusterRoles: Informer<ClusterRole>;
  readonly clusterRoleBindingsInformer: Informer<ClusterRoleBinding>;
  readonly roles: Informer<Role>;
  readonly roleBindingsInformer: Informer<RoleBinding>;
  /** The four caches, started, synced and stopped together. */
  readonly group: InformerGroup;

  constructor(client: ListWatchSource, log: Logger) {
    this.clusterRoles = new Informer(client, resources.clusterRoles, {}, log);
    this.clusterRoleBindingsInformer = new Informer(client, resources.clusterRoleBindings, {}, log);
    this.roles = new Informer(client, resources.roles, {}, log);
    this.roleBindingsInformer = new Informer(client, resources.roleBindings, {}, log);
    this.roleBindingsInformer.store.addIndex(BY_NAMESPACE, (b) => [b.metadata.namespace ?? '']);
    this.group = new InformerGroup([this.clusterRoles, this.clusterRoleBindingsInformer, this.roles, this.roleBindingsInformer]);
  }

  clusterRoleBindings(): readonly ClusterRoleBinding[] {
    return this.clusterRoleBindingsInformer.store.list();
  }

  roleBindings(namespace: string): readonly RoleBinding[] {
    return this.roleBindingsInformer.store.byIndex(BY_NAMESPACE, namespace);
  }

  clusterRole(name: string): ClusterRole | undefined {
    return this.clusterRoles.store.get('', name);
  }

  role(namespace: string, name: string): Role | undefined {
    return this.roles.store.get(namespace, name);
  }
}
