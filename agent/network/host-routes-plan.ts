// The host-gateway model (flannel's host-gw, kubenet with routes): each node
// reaches another node's pod CIDR through that node's own address, so a pod's
// packet leaves with its own source IP and no tunnel. This file is the pure
// part: which routes a node wants, and what to change to get there from the
// routes it has. Only routes carrying our protocol number are ever ours.
import type { Node } from '../../api/types/index.js';
import { nodePodCIDRs, podCIDRSet } from './pod-network-rules.js';
import { byCodeUnits } from '../ordering.js';

/** rt_protos number of the routes the agent adds; 'ip route show proto 211' lists exactly them. */
export const HOST_ROUTE_PROTO = 211;

export interface HostRoute {
  cidr: string;
  via: string;
}

export interface RoutePlan {
  replace: HostRoute[];
  remove: string[];
}

function internalIP(node: Node): string | undefined {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}

/** A route to every other node's pod CIDRs via its InternalIP; our own node, and nodes without either, get none. */
export function desiredRoutes(nodes: readonly Node[], self: string): HostRoute[] {
  const routes = new Map<string, HostRoute>();
  const own = new Set(podCIDRSet(nodes.filter((n) => n.metadata.name === self).flatMap(nodePodCIDRs)));
  for (const node of nodes) {
    const via = internalIP(node);
    if (node.metadata.name === self || !via) continue;
    for (const cidr of podCIDRSet(nodePodCIDRs(node))) if (!own.has(cidr)) routes.set(cidr, { cidr, via });
  }
  return [...routes.values()].sort((a, b) => byCodeUnits(a.cidr, b.cidr));
}

export interface RouteTable {
  /** Routes carrying our protocol number. */
  ours: HostRoute[];
  /** Destinations some other route (a local bridge, the admin) already holds. */
  foreign: Set<string>;
}

/** Parses `ip -4 route show`: `10.244.1.0/24 via 172.20.0.3 dev eth0 proto 211`, `172.20.0.0/16 dev eth0 proto kernel ...`. */
export function parseRoutes(listing: string): RouteTable {
  const table: RouteTable = { ours: [], foreign: new Set() };
  for (const line of listing.split('\n')) {
    const words = line.trim().split(/\s+/);
    const cidr = words[0];
    if (!cidr) continue;
    const field = (name: string): string | undefined => {
      const i = words.indexOf(name);
      return i > 0 ? words[i + 1] : undefined;
    };
    const via = field('via');
    if (field('proto') === String(HOST_ROUTE_PROTO) && via) table.ours.push({ cidr, via });
    else table.foreign.add(cidr);
  }
  return table;
}

/** What to add or change and what to take away so our routes become `desired`; a destination another route holds is left to it. */
export function planRoutes(table: RouteTable, desired: readonly HostRoute[]): RoutePlan & { skipped: string[] } {
  const have = new Map(table.ours.map((r) => [r.cidr, r.via]));
  const wanted = desired.filter((r) => !table.foreign.has(r.cidr));
  const want = new Set(wanted.map((r) => r.cidr));
  return {
    replace: wanted.filter((r) => have.get(r.cidr) !== r.via),
    remove: table.ours.filter((r) => !want.has(r.cidr)).map((r) => r.cidr),
    skipped: desired.filter((r) => table.foreign.has(r.cidr)).map((r) => r.cidr),
  };
}
