// Writes the default roles and bindings at start, as kube-apiserver's
// rbac/bootstrap-roles post-start hook: each is created when missing and
// reconciled when present (reconcile-policy.ts). Runs as the apiserver itself,
// so no escalation check applies.
import { isApiError } from '../../api/errors.js';
import { resources, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import type { ClusterRole, ClusterRoleBinding } from '../../api/types/rbac.js';
import type { Logger } from '../../client/logger.js';
import type { Registry } from '../registry/registry.js';
import { BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES } from './bootstrap-policy.js';
import { reconcileClusterRole, reconcileClusterRoleBinding } from './reconcile-policy.js';

async function existing<T extends KubeObject>(registry: Registry, info: ResourceInfo, name: string): Promise<T | undefined> {
  try {
    return (await registry.get(info, '', name)) as T;
  } catch (err) {
    if (isApiError(err, 'NotFound')) return undefined;
    throw err;
  }
}

async function createIgnoringRace(registry: Registry, info: ResourceInfo, obj: KubeObject): Promise<void> {
  try {
    await registry.create(info, '', JSON.stringify(obj));
  } catch (err) {
    // Another apiserver starting at the same time wrote it first.
    if (!isApiError(err, 'AlreadyExists')) throw err;
  }
}

export async function ensureBootstrapPolicy(registry: Registry, log: Logger): Promise<void> {
  for (const role of BOOTSTRAP_CLUSTER_ROLES) {
    const found = await existing<ClusterRole>(registry, resources.clusterRoles, role.metadata.name ?? '');
    if (!found) {
      await createIgnoringRace(registry, resources.clusterRoles, role);
      log.info({ clusterrole: role.metadata.name }, 'created default clusterrole');
      continue;
    }
    const next = reconcileClusterRole(found, role);
    if (next) {
      await registry.update(resources.clusterRoles, '', JSON.stringify(next));
      log.info({ clusterrole: role.metadata.name }, 'reconciled default clusterrole');
    }
  }
  for (const binding of BOOTSTRAP_CLUSTER_ROLE_BINDINGS) {
    const name = binding.metadata.name ?? '';
    const found = await existing<ClusterRoleBinding>(registry, resources.clusterRoleBindings, name);
    if (!found) {
      await createIgnoringRace(registry, resources.clusterRoleBindings, binding);
      log.info({ clusterrolebinding: name }, 'created default clusterrolebinding');
      continue;
    }
    const next = reconcileClusterRoleBinding(found, binding);
    if (!next) continue;
    if (next.recreate) {
      await registry.delete(resources.clusterRoleBindings, '', name, '{}', false);
      await createIgnoringRace(registry, resources.clusterRoleBindings, next.binding);
    } else {
      await registry.update(resources.clusterRoleBindings, '', JSON.stringify(next.binding));
    }
    log.info({ clusterrolebinding: name }, 'reconciled default clusterrolebinding');
  }
}
