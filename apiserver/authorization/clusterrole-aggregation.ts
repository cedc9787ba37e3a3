// Keeps every aggregating ClusterRole's rules equal to what its selectors pick
// (aggregated-rules.ts), as kube-controller-manager's clusterrole-aggregation
// controller; it runs inside the apiserver here, beside the caches the
// authorizer reads, so admin, edit and view hold their rules on a cluster
// with no controller-manager too. Any ClusterRole change may change what an
// aggregating role selects, so every change queues every aggregating role.
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { ClusterRole } from '../../api/types/rbac.js';
import type { Informer } from '../../client/informer.js';
import type { Logger } from '../../client/logger.js';
import { runWorkers } from '../../client/run-workers.js';
import { WorkQueue } from '../../client/work-queue.js';
import { semanticEqual } from '../../api/validation/semantic-equal.js';
import type { Registry } from '../registry/registry.js';
import { aggregatedRules } from './aggregated-rules.js';

/** One worker: aggregating roles are few and each sync reads only the cache. */
const WORKERS = 1;

export class ClusterRoleAggregation {
  private readonly queue = new WorkQueue({ name: 'clusterrole-aggregation' });

  constructor(
    private readonly clusterRoles: Informer<ClusterRole>,
    private readonly registry: Registry,
    private readonly log: Logger,
  ) {
    const enqueueAll = (): void => {
      for (const role of this.clusterRoles.store.list()) if (role.aggregationRule) this.queue.add(role.metadata.name ?? '');
    };
    clusterRoles.addEventHandler({ onAdd: enqueueAll, onUpdate: enqueueAll, onDelete: enqueueAll });
  }

  run(): Promise<void> {
    return runWorkers(this.queue, WORKERS, (key) => this.sync(key), this.log);
  }

  stop(): void {
    this.queue.shutDown();
  }

  async sync(name: string): Promise<void> {
    const role = this.clusterRoles.store.get('', name);
    if (!role?.aggregationRule) return;
    const rules = aggregatedRules(role, this.clusterRoles.store.list());
    if (semanticEqual(rules, role.rules ?? [])) return;
    const next: ClusterRole = { ...structuredClone(role), rules };
    try {
      await this.registry.update(resources.clusterRoles, '', JSON.stringify(next));
      this.log.info({ clusterrole: name, rules: rules.length }, 'aggregated clusterrole rules');
    } catch (err) {
      // The cache was behind; the watch event that follows queues it again.
      if (isApiError(err, 'Conflict') || isApiError(err, 'NotFound')) return;
      throw err;
    }
  }
}
