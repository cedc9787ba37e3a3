// Hard topology spread constraints (whenUnsatisfiable: DoNotSchedule), as
// kube-scheduler's PodTopologySpread filter: placing the pod on a node must
// not make the node's domain exceed the least populated domain by more than
// maxSkew. Only nodes that pass the pod's node selector/affinity (and, with
// nodeTaintsPolicy Honor, its tolerations) and carry every constraint's key
// count as domains. Soft constraints (ScheduleAnyway) are scored by
// pod-topology-spread-score.ts.
import { matchesSelector, selectorFromLabelSelector, type Selector } from '../../api/labels/label-selector.js';
import type { LabelSelector, LabelSelectorRequirement, Pod } from '../../api/types/index.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { fail, SKIP_FILTER, type FilterPlugin } from '../framework/types.js';
import { nodeAffinityFilter } from './node-affinity.js';
import { taintTolerationFilter } from './taint-toleration.js';

export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';
export const ERR_REASON_CONSTRAINTS = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_MISSING_LABEL = `${ERR_REASON_CONSTRAINTS} (missing required label)`;

interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: LabelSelector;
  minDomains?: number;
  matchLabelKeys?: string[];
  nodeAffinityPolicy?: 'Honor' | 'Ignore';
  nodeTaintsPolicy?: 'Honor' | 'Ignore';
}

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  minDomains: number;
  selector: Selector | null;
  honorAffinity: boolean;
  honorTaints: boolean;
}

export interface SpreadState {
  constraints: Constraint[];
  /** Per constraint: domain value -> matching pods. */
  counts: Map<string, number>[];
  /** Per constraint: the smallest count over the domains (0 when fewer than minDomains). */
  minCounts: number[];
}

export function spreadConstraints(pod: Pod, when: TopologySpreadConstraint['whenUnsatisfiable']): Constraint[] {
  const raw = (pod.spec.topologySpreadConstraints ?? []) as TopologySpreadConstraint[];
  return raw
    .filter((c) => c.whenUnsatisfiable === when)
    .map((c) => {
      const labels = pod.metadata.labels ?? {};
      // matchLabelKeys narrow the selector to pods sharing this pod's values (e.g. pod-template-hash).
      const extra: LabelSelectorRequirement[] = (c.matchLabelKeys ?? [])
        .filter((k) => Object.hasOwn(labels, k))
        .map((k) => ({ key: k, operator: 'In', values: [labels[k]!] }));
      let selector: Selector | null;
      try {
        selector = c.labelSelector
          ? selectorFromLabelSelector({ ...c.labelSelector, matchExpressions: [...(c.labelSelector.matchExpressions ?? []), ...extra] })
          : null;
      } catch {
        selector = null;
      }
      return {
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        minDomains: c.minDomains ?? 1,
        selector,
        honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
        honorTaints: c.nodeTaintsPolicy === 'Honor',
      };
    });
}

export function eligible(pod: PodInfo, node: NodeInfo, c: Constraint): boolean {
  const labels = node.node?.metadata.labels;
  if (!labels || !Object.hasOwn(labels, c.topologyKey)) return false;
  if (c.honorAffinity && nodeAffinityFilter.filter(pod, node)) return false;
  if (c.honorTaints && taintTolerationFilter.filter(pod, node)) return false;
  return true;
}

export function countMatching(c: Constraint, namespace: string, node: NodeInfo): number {
  let n = 0;
  for (const p of node.pods.values()) {
    const meta = p.pod.metadata;
    if (meta.deletionTimestamp || (meta.namespace ?? 'default') !== namespace) continue;
    if (matchesSelector(c.selector, meta.labels)) n++;
  }
  return n;
}

/** Without hard constraints every node passes. */
function preFilter(pod: PodInfo, nodes: readonly NodeInfo[]): SpreadState | typeof SKIP_FILTER {
  const constraints = spreadConstraints(pod.pod, 'DoNotSchedule');
  if (constraints.length === 0) return SKIP_FILTER;
  const namespace = pod.pod.metadata.namespace ?? 'default';
  const counts = constraints.map(() => new Map<string, number>());
  for (const node of nodes) {
    constraints.forEach((c, i) => {
      if (!eligible(pod, node, c)) return;
      const value = node.node!.metadata.labels![c.topologyKey]!;
      counts[i]!.set(value, (counts[i]!.get(value) ?? 0) + countMatching(c, namespace, node));
    });
  }
  const minCounts = constraints.map((c, i) => {
    const domains = counts[i]!;
    if (domains.size < c.minDomains) return 0;
    let min = Infinity;
    for (const v of domains.values()) min = Math.min(min, v);
    return Number.isFinite(min) ? min : 0;
  });
  return { constraints, counts, minCounts };
}

export const podTopologySpread: FilterPlugin<SpreadState> = {
  name: POD_TOPOLOGY_SPREAD,
  preFilter,
  filter(pod, node, state) {
    const labels = node.node?.metadata.labels ?? {};
    for (let i = 0; i < state.constraints.length; i++) {
      const c = state.constraints[i]!;
      if (!Object.hasOwn(labels, c.topologyKey)) return fail(ERR_REASON_MISSING_LABEL);
      const self = matchesSelector(c.selector, pod.pod.metadata.labels) ? 1 : 0;
      const here = state.counts[i]!.get(labels[c.topologyKey]!) ?? 0;
      if (here + self - state.minCounts[i]! > c.maxSkew) return fail(ERR_REASON_CONSTRAINTS);
    }
    return null;
  },
};
