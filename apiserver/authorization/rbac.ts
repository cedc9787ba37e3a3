// RBAC inside the apiserver, put together: the informer caches over the
// registry and watches of this process, the rule resolver and authorizer on them, the escalation
// guard for the registry's writes, and the ClusterRole aggregation.
import type { ListWatchSource } from '../../client/list-watch-source.js';
import type { Logger } from '../../client/logger.js';
import type { WriteHooks } from '../registry/context.js';
import type { Registry } from '../registry/registry.js';
import type { Authorizer } from './attributes.js';
import { ClusterRoleAggregation } from './clusterrole-aggregation.js';
import { escalationWriteHooks } from './escalation-guard.js';
import { RbacAuthorizer } from './rbac-authorizer.js';
import { RbacInformers } from './rbac-informers.js';
import { RuleResolver } from './rule-resolver.js';

/** How long the caches get to fill at start before the apiserver gives up (the informers retry meanwhile). */
export const RBAC_CACHE_SYNC_TIMEOUT_MS = 30_000;

export interface RunningRbac {
  authorizer: Authorizer;
  resolver: RuleResolver;
  writeHooks: WriteHooks;
  stop(): Promise<void>;
}

/** `source`: this process's own registry and watches. */
export async function startRbac(registry: Registry, source: ListWatchSource, log: Logger): Promise<RunningRbac> {
  const informers = new RbacInformers(source, log.child({ part: 'rbac-informers' }));
  const resolver = new RuleResolver(informers);
  const authorizer = new RbacAuthorizer(resolver);
  const aggregation = new ClusterRoleAggregation(informers.clusterRoles, registry, log.child({ part: 'clusterrole-aggregation' }));
  await informers.group.startSynced(RBAC_CACHE_SYNC_TIMEOUT_MS, () => aggregation.stop());
  const stop = async (): Promise<void> => {
    aggregation.stop();
    await informers.group.stop();
  };
  const running = aggregation.run();
  return {
    authorizer,
    resolver,
    writeHooks: escalationWriteHooks(resolver, authorizer),
    stop: async () => {
      await stop();
      await running;
    },
  };
}
