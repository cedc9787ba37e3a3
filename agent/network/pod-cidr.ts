// The node's pod CIDR is its Docker network's subnet. Today the agent takes it
// from Docker; once controller-manager allocates podCIDRs, the same path
// creates the network on the allocated one, which is why a Node that already
// published a CIDR gets its missing network re-created on it.
import type { Logger } from 'pino';
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
