// Who is a node, as Kubernetes' node identifier: a user in group
// system:nodes, named system:node:<nodeName>.
import type { UserInfo } from './attributes.js';

export const NODES_GROUP = 'system:nodes';
export const NODE_USER_PREFIX = 'system:node:';

/**
 * The node a user speaks for: undefined when the user is no node at all, ""
 * when it is in system:nodes under a name that names no node (refused by
 * everything that restricts nodes, since no node can be matched to it).
 */
export function nodeIdentity(user: UserInfo): string | undefined {
  if (!user.groups.includes(NODES_GROUP)) return undefined;
  return user.name.startsWith(NODE_USER_PREFIX) ? user.name.slice(NODE_USER_PREFIX.length) : '';
}

/** Where nodes keep their heartbeat Leases, each named after its node. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
