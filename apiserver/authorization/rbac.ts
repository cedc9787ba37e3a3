// RBAC inside the apiserver, put together: the informer caches over a
// loopback client, the rule resolver and authorizer on them, the escalation
// guard for the registry's writes, and the ClusterRole aggregation.
import { ApiClient } from '../../client/api-client.js';
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
const WILDCARD_ADDRESSES = new Set(['', '0.0.0.0', '::']);

export interface RunningRbac {
  authorizer: Authorizer;
  resolver: RuleResolver;
  writeHooks: WriteHooks;
  stop(): Promise<void>;
}

/** The address this process's own gRPC port answers on. */
export function loopbackAddress(bindAddress: string, grpcPort: number): string {
  return `${WILDCARD_ADDRESSES.has(bindAddress) ? '127.0.0.1' : bindAddress}:${grpcPort}`;
}

export async function startRbac(registry: Registry, grpcAddress: string, log: Logger): Promise<RunningRbac> {
  const client = new ApiClient(grpcAddress, 'apiserver-rbac');
  const informers = new RbacInformers(client, log.child({ part: 'rbac-informers' }));
  const resolver = new RuleResolver(informers);
  const authorizer = new RbacAuthorizer(resolver);
  const aggregation = new ClusterRoleAggregation(informers.clusterRoles, registry, log.child({ part: 'clusterrole-aggregation' }));
  await informers.group.startSynced(RBAC_CACHE_SYNC_TIMEOUT_MS, () => {
    aggregation.stop();
    client.close();
  });
  const stop = async (): Promise<void> => {
    aggregation.stop();
    await informers.group.stop();
    client.close();
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
