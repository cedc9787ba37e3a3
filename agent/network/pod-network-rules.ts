// The pod network's packet-filter rules: every pod reaches every pod by its own
// IP, without NAT (the Kubernetes network model), however Docker isolates and
// masquerades its bridge networks. The flat set of pod CIDRs comes from all
// Nodes' spec.podCIDRs; traffic from one of them to one of them is
//  - accepted in filter FORWARD, ahead of Docker's isolation chains, through a
//    jump from DOCKER-USER (Docker keeps that chain first in FORWARD), and
//  - accepted in nat POSTROUTING ahead of Docker's MASQUERADE, so it keeps its
//    source address; Service traffic the proxy marked for masquerade is left
//    to the proxy's chain.
// The rules name no bridge or interface, so the same rules serve pods on
// another Docker host once routes lead there (host gateway), as flannel's
// host-gw backend does. Pure: the same CIDRs give the same text.
import type { Node } from '../../api/types/index.js';
import type { ChainNames } from '../proxy/chain-names.js';
import type { JumpRule } from '../proxy/jump-placement.js';
import { MASQ_MARK } from '../proxy/proxy-rules.js';

/** Docker's hook for rules of the host's own, jumped first from FORWARD. */
export const DOCKER_USER_CHAIN = 'DOCKER-USER';
const IPV4_CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;

/** A Node's pod CIDRs: the plural field, or the singular one from older writers. */
export function nodePodCIDRs(node: Node): string[] {
  const plural = node.spec?.podCIDRs ?? [];
  return plural.length > 0 ? plural : node.spec?.podCIDR ? [node.spec.podCIDR] : [];
}

/** The IPv4 pod CIDRs among `cidrs`, once each, sorted (iptables here is IPv4 only). */
export function podCIDRSet(cidrs: Iterable<string>): string[] {
  return [...new Set([...cidrs].filter((c) => IPV4_CIDR.test(c)))].sort();
}

/** iptables-restore input for the pod network's own chains; one rule per CIDR and table, not one per pair. */
export function renderPodNetworkRules(names: ChainNames, cidrs: readonly string[]): string {
  const fromPods = (chain: string): string[] => cidrs.map((c) => `-A ${chain} -s ${c} -m comment --comment "from a pod" -j ${names.podDestinations}`);
  const toPods = (comment: string): string[] => cidrs.map((c) => `-A ${names.podDestinations} -d ${c} -m comment --comment "${comment}" -j ACCEPT`);
  const declare = (chain: string): string => `:${chain} - [0:0]`;
  return [
    '*filter',
    declare(names.podForward),
    declare(names.podDestinations),
    ...fromPods(names.podForward),
    ...toPods('pod to pod'),
    'COMMIT',
    '*nat',
    declare(names.podNoMasquerade),
    declare(names.podDestinations),
    `-A ${names.podNoMasquerade} -m mark --mark ${MASQ_MARK}/${MASQ_MARK} -m comment --comment "service traffic the proxy masquerades" -j RETURN`,
    ...fromPods(names.podNoMasquerade),
    ...toPods('pod to pod keeps its source address'),
    'COMMIT',
    '',
  ].join('\n');
}

/** The pod network's jumps: into its filter chain from DOCKER-USER (or FORWARD without Docker's chain), into its nat chain first in POSTROUTING. */
export function podNetworkJumps(names: ChainNames, hasDockerUser: boolean): JumpRule[] {
  return [
    { table: 'filter', chain: hasDockerUser ? DOCKER_USER_CHAIN : 'FORWARD', args: ['-m', 'comment', '--comment', 'flotilla pod network', '-j', names.podForward] },
    { table: 'nat', chain: 'POSTROUTING', args: ['-m', 'comment', '--comment', 'flotilla pod network', '-j', names.podNoMasquerade], ahead: true },
  ];
}
