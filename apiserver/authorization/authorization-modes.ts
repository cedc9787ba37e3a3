// kube-apiserver's --authorization-mode: Node,RBAC (the node authorizer, then
// RBAC), RBAC alone, or AlwaysAllow (no authorizer: every authenticated user
// may do everything).
import type { Logger } from '../../client/logger.js';
import type { ListWatchSource } from '../../client/list-watch-source.js';
import type { AuthorizationMode } from '../config.js';
import type { Registry } from '../registry/registry.js';
import { AuthorizerChain } from './authorizer-chain.js';
import { startNodeAuthorizer } from './node-authorization.js';
import { startRbac, type RunningRbac } from './rbac.js';

/** RBAC's parts, with `authorizer` the whole chain the mode asks for. */
export type RunningAuthorization = RunningRbac;

/** Undefined for AlwaysAllow. `source` is this apiserver's own registry and watches, which the caches read. */
export async function startAuthorization(mode: AuthorizationMode, registry: Registry, source: ListWatchSource, log: Logger): Promise<RunningAuthorization | undefined> {
  if (mode === 'AlwaysAllow') return undefined;
  const rbac = await startRbac(registry, source, log);
  if (mode === 'RBAC') return rbac;
  let node;
  try {
    node = await startNodeAuthorizer(source, log);
  } catch (err) {
    await rbac.stop();
    throw err;
  }
  return {
    ...rbac,
    authorizer: new AuthorizerChain([node.authorizer, rbac.authorizer]),
    stop: async () => {
      await node.stop();
      await rbac.stop();
    },
  };
}
