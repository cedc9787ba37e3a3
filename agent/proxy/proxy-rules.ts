// Renders the node proxy's whole ruleset as iptables-restore input, as
// kube-proxy's iptables mode does: a services chain jumped from nat PREROUTING
// and OUTPUT, one chain per Service port spreading new connections over its
// endpoints with `-m statistic --mode random`, one chain per endpoint doing
// the DNAT, NodePorts matched on the node's own addresses, and a mark that asks
// POSTROUTING to masquerade (NodePort traffic, and a pod reaching itself
// through its Service, whose reply would otherwise never be un-NATed).
// Pure: the same model gives the same text, so the text is the test.
import type { ChainNames } from './chain-names.js';
import type { JumpRule } from './jump-placement.js';
import type { ProxyEndpoint, ProxyServicePort } from './proxy-model.js';
import { byCodeUnits } from '../ordering.js';

/** kube-proxy's masquerade bit; a packet carrying it is SNATed on the way out. */
export const MASQ_MARK = '0x4000';
const PROBABILITY_DIGITS = 10;

export type { JumpRule };

/** The only rules outside our own chains: jumps into them from the built-in chains. */
export function jumpRules(names: ChainNames): JumpRule[] {
  const portals = ['-m', 'comment', '--comment', 'flotilla service portals', '-j', names.services];
  const newPortals = ['-m', 'conntrack', '--ctstate', 'NEW', '-m', 'comment', '--comment', 'flotilla service portals', '-j', names.filterServices];
  return [
    { table: 'nat', chain: 'PREROUTING', args: portals },
    { table: 'nat', chain: 'OUTPUT', args: portals },
    { table: 'nat', chain: 'POSTROUTING', args: ['-m', 'comment', '--comment', 'flotilla postrouting rules', '-j', names.postrouting], ahead: true },
    { table: 'filter', chain: 'INPUT', args: newPortals },
    { table: 'filter', chain: 'INPUT', args: ['-m', 'comment', '--comment', 'flotilla localnet guard', '-j', names.firewall] },
    { table: 'filter', chain: 'FORWARD', args: newPortals },
    { table: 'filter', chain: 'OUTPUT', args: newPortals },
  ];
}

function quoted(text: string): string {
  return `"${text.replace(/["\\]/g, '')}"`;
}

function protoMatch(sp: ProxyServicePort, port: number): string {
  return `-p ${sp.protocol} -m ${sp.protocol} --dport ${port}`;
}

/** 1/n, 1/(n-1), ... so each endpoint gets an equal share; the last takes the rest. */
export function probability(index: number, count: number): string {
  return (1 / (count - index)).toFixed(PROBABILITY_DIGITS);
}

function endpointText(ep: ProxyEndpoint): string {
  return `${ep.ip}:${ep.port}`;
}

function serviceChainRules(names: ChainNames, sp: ProxyServicePort): string[] {
  const svc = names.service(sp.id);
  const rules: string[] = [];
  const seps = sp.endpoints.map((ep) => ({ ep, chain: names.endpoint(sp.id, ep.ip, ep.port) }));
  if (sp.affinitySeconds > 0) {
    for (const { ep, chain } of seps) {
      rules.push(`-A ${svc} -m comment --comment ${quoted(`${sp.id} -> ${endpointText(ep)}`)} -m recent --name ${chain} --mask 255.255.255.255 --rsource --rcheck --seconds ${sp.affinitySeconds} --reap -j ${chain}`);
    }
  }
  seps.forEach(({ ep, chain }, i) => {
    const spread = i < seps.length - 1 ? ` -m statistic --mode random --probability ${probability(i, seps.length)}` : '';
    rules.push(`-A ${svc} -m comment --comment ${quoted(`${sp.id} -> ${endpointText(ep)}`)}${spread} -j ${chain}`);
  });
  for (const { ep, chain } of seps) {
    rules.push(`-A ${chain} -s ${ep.ip}/32 -m comment --comment ${quoted(sp.id)} -j ${names.markMasq}`);
    const affinity = sp.affinitySeconds > 0 ? ` -m recent --name ${chain} --mask 255.255.255.255 --rsource --set` : '';
    rules.push(`-A ${chain} -p ${sp.protocol} -m comment --comment ${quoted(sp.id)}${affinity} -m ${sp.protocol} -j DNAT --to-destination ${endpointText(ep)}`);
  }
  return rules;
}

export interface RenderInput {
  names: ChainNames;
  ports: readonly ProxyServicePort[];
  /** Per-service and per-endpoint chains present in the nat table now; the ones no longer wanted are deleted. */
  existingNatChains: readonly string[];
}

export interface RenderedRules {
  text: string;
  /** The per-service and per-endpoint chains the text leaves in place. */
  chains: string[];
}

export function renderRules(input: RenderInput): RenderedRules {
  const { names } = input;
  const ports = [...input.ports].sort((a, b) => byCodeUnits(a.id, b.id));
  const filterRules: string[] = [];
  const natRules: string[] = [
    `-A ${names.postrouting} -m mark ! --mark ${MASQ_MARK}/${MASQ_MARK} -j RETURN`,
    // Clear the bit so a packet that is re-traversed is not masqueraded twice.
    `-A ${names.postrouting} -j MARK --xor-mark ${MASQ_MARK}`,
    `-A ${names.postrouting} -m comment --comment ${quoted('flotilla service traffic requiring SNAT')} -j MASQUERADE`,
    `-A ${names.markMasq} -j MARK --or-mark ${MASQ_MARK}`,
  ];
  const dynamic: string[] = [];
  const nodePortRules: string[] = [];
  for (const sp of ports) {
    const svc = names.service(sp.id);
    if (sp.endpoints.length === 0) {
      if (sp.clusterIP) filterRules.push(`-A ${names.filterServices} -d ${sp.clusterIP}/32 ${protoMatch(sp, sp.port)} -m comment --comment ${quoted(`${sp.id} has no endpoints`)} -j REJECT --reject-with icmp-port-unreachable`);
      if (sp.nodePort) filterRules.push(`-A ${names.filterServices} -m addrtype --dst-type LOCAL ${protoMatch(sp, sp.nodePort)} -m comment --comment ${quoted(`${sp.id} has no endpoints`)} -j REJECT --reject-with icmp-port-unreachable`);
      continue;
    }
    dynamic.push(svc, ...sp.endpoints.map((ep) => names.endpoint(sp.id, ep.ip, ep.port)));
    if (sp.clusterIP) natRules.push(`-A ${names.services} -d ${sp.clusterIP}/32 ${protoMatch(sp, sp.port)} -m comment --comment ${quoted(`${sp.id} cluster IP`)} -j ${svc}`);
    if (sp.nodePort) {
      nodePortRules.push(`-A ${names.nodePorts} ${protoMatch(sp, sp.nodePort)} -m comment --comment ${quoted(sp.id)} -j ${names.markMasq}`);
      nodePortRules.push(`-A ${names.nodePorts} ${protoMatch(sp, sp.nodePort)} -m comment --comment ${quoted(sp.id)} -j ${svc}`);
    }
    natRules.push(...serviceChainRules(names, sp));
  }
  // Last, so a ClusterIP that happens to be local is still matched as a ClusterIP first.
  natRules.push(`-A ${names.services} -m comment --comment ${quoted('flotilla service nodeports')} -m addrtype --dst-type LOCAL -j ${names.nodePorts}`);
  natRules.push(...nodePortRules);

  const wanted = new Set(dynamic);
  const stale = input.existingNatChains.filter((c) => names.isDynamic(c) && !wanted.has(c)).sort();
  const declare = (chain: string): string => `:${chain} - [0:0]`;
  const lines = [
    '*filter',
    declare(names.filterServices),
    declare(names.firewall),
    ...filterRules,
    localnetGuard(names),
    'COMMIT',
    '*nat',
    ...[names.services, names.nodePorts, names.postrouting, names.markMasq, ...dynamic].map(declare),
    // Declaring a chain flushes it, so a stale chain can be deleted once nothing jumps to it.
    ...stale.map(declare),
    ...natRules,
    ...stale.map((c) => `-X ${c}`),
    'COMMIT',
  ];
  return { text: lines.join('\n') + '\n', chains: dynamic };
}

/**
 * route_localnet=1 lets NodePorts answer on 127.0.0.1, and would also let a
 * packet from another machine addressed to 127.0.0.0/8 reach loopback
 * services; like kube-proxy's KUBE-FIREWALL, drop any such packet that no DNAT
 * of ours made.
 */
function localnetGuard(names: ChainNames): string {
  return `-A ${names.firewall} ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment ${quoted('block incoming localnet connections')} -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP`;
}

/** Chain names from `iptables -t <table> -S` output. */
export function chainsFromListing(listing: string): string[] {
  return listing
    .split('\n')
    .filter((line) => line.startsWith('-N '))
    .map((line) => line.slice(3).trim());
}
