// Chain names for the node proxy. iptables allows 28 characters, so per-service
// and per-endpoint chains carry a hash of what they stand for, as kube-proxy's
// KUBE-SVC-<hash> do; the prefix keeps two proxies on one host apart.
import { createHash } from 'node:crypto';

export const DEFAULT_CHAIN_PREFIX = 'FLOTILLA';
/** iptables' limit on a chain name. */
export const MAX_CHAIN_NAME_LENGTH = 28;
/** Room kept for the hash after "<prefix>-SVC-". */
const MIN_HASH_LENGTH = 8;
const MAX_HASH_LENGTH = 16;
export const MAX_CHAIN_PREFIX_LENGTH = MAX_CHAIN_NAME_LENGTH - '-SVC-'.length - MIN_HASH_LENGTH;
const VALID_PREFIX = /^[A-Z][A-Z0-9_]*$/;

export function validChainPrefix(prefix: string): boolean {
  return VALID_PREFIX.test(prefix) && prefix.length <= MAX_CHAIN_PREFIX_LENGTH;
}

export interface ChainNames {
  services: string;
  nodePorts: string;
  postrouting: string;
  markMasq: string;
  /** The filter table's chain that rejects traffic to Services without endpoints. */
  filterServices: string;
  /** The filter table's guard against outside traffic to 127.0.0.0/8, which route_localnet would otherwise let in. */
  firewall: string;
  /** Pod network (filter): accepts forwarding from any pod CIDR ... */
  podForward: string;
  /** Pod network (nat POSTROUTING): pod-to-pod traffic leaves unmasqueraded. */
  podNoMasquerade: string;
  /** Pod network, both tables: ... to any pod CIDR. */
  podDestinations: string;
  service(id: string): string;
  endpoint(id: string, ip: string, port: number): string;
  /** True for the per-service and per-endpoint chains this prefix owns. */
  isDynamic(chain: string): boolean;
}

function hashed(kind: string, prefix: string, text: string): string {
  const length = Math.min(MAX_HASH_LENGTH, MAX_CHAIN_NAME_LENGTH - prefix.length - kind.length - 2);
  const digest = createHash('sha256').update(text).digest('base64url').replace(/[-_]/g, 'X').toUpperCase();
  return `${prefix}-${kind}-${digest.slice(0, length)}`;
}

export function chainNames(prefix: string = DEFAULT_CHAIN_PREFIX): ChainNames {
  return {
    services: `${prefix}-SERVICES`,
    nodePorts: `${prefix}-NODEPORTS`,
    postrouting: `${prefix}-POSTROUTING`,
    markMasq: `${prefix}-MARK-MASQ`,
    filterServices: `${prefix}-SERVICES`,
    firewall: `${prefix}-FIREWALL`,
    podForward: `${prefix}-POD-FORWARD`,
    podNoMasquerade: `${prefix}-POD-NOMASQ`,
    podDestinations: `${prefix}-POD-DEST`,
    service: (id) => hashed('SVC', prefix, id),
    endpoint: (id, ip, port) => hashed('SEP', prefix, `${id}/${ip}:${port}`),
    isDynamic: (chain) => chain.startsWith(`${prefix}-SVC-`) || chain.startsWith(`${prefix}-SEP-`),
  };
}
