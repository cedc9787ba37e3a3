// Where a node's agent serves logs, exec, attach and port-forward: its address from the Node's
// status, its streaming port from status.daemonEndpoints.kubeletEndpoint.
import { ApiError } from '../../api/errors.js';
import type { Node } from '../../api/types/index.js';

/** Address types in the order the apiserver prefers them to reach an agent (kube-apiserver's default order, IPs first). */
export const PREFERRED_ADDRESS_TYPES = ['InternalIP', 'ExternalIP', 'Hostname', 'InternalDNS', 'ExternalDNS'];

export function agentEndpoint(node: Node): string {
  const name = node.metadata.name ?? '';
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  if (!port || !Number.isInteger(port) || port <= 0) {
    throw new ApiError('ServiceUnavailable', `node ${name} does not report the port of its agent`);
  }
  const addresses = node.status?.addresses ?? [];
  for (const type of PREFERRED_ADDRESS_TYPES) {
    const address = addresses.find((a) => a.type === type && a.address)?.address;
    if (address) return `${address.includes(':') ? `[${address}]` : address}:${port}`;
  }
  throw new ApiError('ServiceUnavailable', `node ${name} has no address to reach its agent`);
}
