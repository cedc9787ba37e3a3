// The node's pod CIDR is its Docker network's subnet. Either the agent takes it
// from Docker and publishes it (one host, no node IPAM), or controller-manager
// allocates it (--cluster-cidr) and the agent waits for it, then creates the
// network on it (--pod-cidr-from-node). Both go through ensurePodCIDR, which
// is also why a Node that already has a CIDR gets its missing network
// re-created on it.
import type { Clock } from '../clock.js';
import type { Logger } from 'pino';
import { sleep } from '../../client/abort-helpers.js';
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { ApiClient } from '../../client/api-client.js';
import type { DockerRuntime } from '../runtime/docker-runtime.js';

export async function ensurePodCIDR(runtime: DockerRuntime, client: ApiClient, node: string, network: string, logger: Logger): Promise<string | undefined> {
  const existing = await runtime.networkSubnet(network);
  if (existing.found) return existing.subnet;
  const published = await publishedPodCIDR(client, node, logger);
  const subnet = await runtime.ensureNetwork(network, published).catch((err: unknown) => {
    if (!published) throw err;
    throw new Error(`cannot create network ${network} on node ${node}'s podCIDR ${published} (${err instanceof Error ? err.message : String(err)}); free that subnet or delete the Node object`);
  });
  logger.info({ network, podCIDR: subnet }, 'created the pod network');
  return subnet;
}

async function publishedPodCIDR(client: ApiClient, node: string, logger: Logger): Promise<string | undefined> {
  try {
    return (await client.get(resources.nodes, '', node)).spec?.podCIDR || undefined;
  } catch (err) {
    // A first registration, or an apiserver not up yet: Docker picks a free subnet.
    if (!isApiError(err, 'NotFound')) logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'cannot read the node\'s published podCIDR; Docker picks the network\'s subnet');
    return undefined;
  }
}

const ASSIGNED_POLL_MS = 500;
const ASSIGNED_REMINDER_MS = 15_000;

/**
 * Waits until the Node carries a podCIDR from controller-manager, then makes
 * sure the pod network sits on it. A network already on another subnet is an
 * error: pods there could not be reached through the routes other nodes take.
 */
export async function ensureAssignedPodCIDR(runtime: DockerRuntime, client: ApiClient, node: string, network: string, logger: Logger, clock: Clock, signal?: AbortSignal): Promise<string> {
  const started = clock.now();
  let reminded = started;
  let assigned = await publishedPodCIDR(client, node, logger);
  while (!assigned) {
    if (clock.now() - reminded >= ASSIGNED_REMINDER_MS) {
      reminded = clock.now();
      logger.warn({ node, waitedSeconds: Math.round((reminded - started) / 1000) }, 'still waiting for the node\'s podCIDR; is controller-manager running with --cluster-cidr?');
    }
    await sleep(ASSIGNED_POLL_MS, signal);
    if (signal?.aborted) throw new Error(`stopped while waiting for node ${node}'s podCIDR`);
    assigned = await publishedPodCIDR(client, node, logger);
  }
  logger.info({ node, podCIDR: assigned }, 'the node has its podCIDR');
  const subnet = await ensurePodCIDR(runtime, client, node, network, logger);
  if (subnet !== assigned) {
    throw new Error(`network ${network} is on ${subnet ?? 'no subnet'} but node ${node}'s podCIDR is ${assigned}; remove the network (no pods on it) and restart the agent`);
  }
  return assigned;
}
