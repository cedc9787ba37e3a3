// Soft topology spread constraints (whenUnsatisfiable: ScheduleAnyway) as a
// score, as kube-scheduler's PodTopologySpread scorer: a node scores the
// matching pods in its domain, each constraint weighted by log(domains + 2)
// so that constraints over many small domains are not drowned out; then the
// scores are flipped so the emptiest domain wins. Nodes missing a
// constraint's key score 0. Pods without soft constraints score nothing
// here; OwnerSpread does the default spreading.
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import { MAX_NODE_SCORE, UniformScore, type ScorePlugin } from '../framework/types.js';
import { countMatching, eligible, POD_TOPOLOGY_SPREAD, spreadConstraints, type Constraint } from './pod-topology-spread.js';

export const POD_TOPOLOGY_SPREAD_WEIGHT = 2;

export interface SpreadScoreState {
  constraints: Constraint[];
  /** Per constraint: domain value -> matching pods. */
  counts: Map<string, number>[];
  weights: number[];
}

/** Without soft constraints every node scores 0, which normalizes to the best score. */
function preScore(pod: PodInfo, feasible: readonly NodeInfo[], allNodes: readonly NodeInfo[]): SpreadScoreState | UniformScore {
  const constraints = spreadConstraints(pod.pod, 'ScheduleAnyway');
  if (constraints.length === 0) return new UniformScore(MAX_NODE_SCORE);
  const counts = constraints.map(() => new Map<string, number>());
  const namespace = pod.pod.metadata.namespace ?? 'default';
  // Domains are those of the feasible nodes; the pods counted live anywhere in them.
  constraints.forEach((c, i) => {
    for (const node of feasible) {
      const labels = node.node?.metadata.labels;
      if (labels && Object.hasOwn(labels, c.topologyKey)) counts[i]!.set(labels[c.topologyKey]!, 0);
    }
  });
  for (const node of allNodes) {
    constraints.forEach((c, i) => {
      if (!eligible(pod, node, c)) return;
      const value = node.node!.metadata.labels![c.topologyKey]!;
      if (!counts[i]!.has(value)) return;
      counts[i]!.set(value, counts[i]!.get(value)! + countMatching(c, namespace, node));
    });
  }
  return { constraints, counts, weights: counts.map((m) => Math.log(m.size + 2)) };
}

/** Marks nodes that lack a constraint's key, so normalize can give them 0. */
const IGNORED = -1;

export const podTopologySpreadScore: ScorePlugin<SpreadScoreState> = {
  name: POD_TOPOLOGY_SPREAD,
  weight: POD_TOPOLOGY_SPREAD_WEIGHT,
  preScore,
  score(_pod, node, state) {
    if (state.constraints.length === 0) return 0;
    const labels = node.node?.metadata.labels ?? {};
    let score = 0;
    for (let i = 0; i < state.constraints.length; i++) {
      const c = state.constraints[i]!;
      if (!Object.hasOwn(labels, c.topologyKey)) return IGNORED;
      const count = state.counts[i]!.get(labels[c.topologyKey]!) ?? 0;
      score += count * state.weights[i]! + (c.maxSkew - 1);
    }
    return Math.round(score);
  },
  normalize(scores) {
    let min = Infinity;
    let max = -Infinity;
    for (const s of scores) {
      if (s === IGNORED) continue;
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i]!;
      if (s === IGNORED) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.floor((MAX_NODE_SCORE * (max + min - s)) / max);
    }
  },
};
