// Preferred pod affinity and anti-affinity as a score, as kube-scheduler's
// InterPodAffinity scorer: every existing pod a preferred term matches adds
// (affinity) or takes away (anti-affinity) the term's weight for the whole
// topology domain it sits in; symmetrically, existing pods' own preferred
// terms that match the incoming pod count too, and their required affinity
// counts with weight HARD_POD_AFFINITY_WEIGHT. Scores are then scaled between
// the lowest and the highest node.
import type { NodeInfo } from '../framework/node-info.js';
import { hasPodAffinityTerms, type AffinityTerm, type PodInfo } from '../framework/pod-info.js';
import { MAX_NODE_SCORE, UniformScore, type ScorePlugin } from '../framework/types.js';
import { INTER_POD_AFFINITY, termMatches } from './inter-pod-affinity.js';

export const INTER_POD_AFFINITY_WEIGHT = 2;
export const HARD_POD_AFFINITY_WEIGHT = 1;

/** topologyKey -> value -> accumulated weight. */
type TopologyScore = Map<string, Map<string, number>>;

function add(scores: TopologyScore, term: AffinityTerm, node: NodeInfo, weight: number): void {
  const labels = node.node?.metadata.labels;
  if (!labels || !Object.hasOwn(labels, term.topologyKey)) return;
  const value = labels[term.topologyKey]!;
  let byValue = scores.get(term.topologyKey);
  if (!byValue) scores.set(term.topologyKey, (byValue = new Map()));
  byValue.set(value, (byValue.get(value) ?? 0) + weight);
}

function processExisting(scores: TopologyScore, incoming: PodInfo, existing: PodInfo, node: NodeInfo): void {
  for (const t of incoming.preferredAffinityTerms) if (termMatches(t, existing.pod)) add(scores, t, node, t.weight);
  for (const t of incoming.preferredAntiAffinityTerms) if (termMatches(t, existing.pod)) add(scores, t, node, -t.weight);
  for (const t of existing.requiredAffinityTerms) if (termMatches(t, incoming.pod)) add(scores, t, node, HARD_POD_AFFINITY_WEIGHT);
  for (const t of existing.preferredAffinityTerms) if (termMatches(t, incoming.pod)) add(scores, t, node, t.weight);
  for (const t of existing.preferredAntiAffinityTerms) if (termMatches(t, incoming.pod)) add(scores, t, node, -t.weight);
}

/** Nothing to weigh: every node scores 0, and so it stays once normalized. */
function preScore(pod: PodInfo, _feasible: readonly NodeInfo[], allNodes: readonly NodeInfo[]): TopologyScore | UniformScore {
  const scores = topologyScores(pod, allNodes);
  return scores.size === 0 ? new UniformScore(0) : scores;
}

function topologyScores(pod: PodInfo, allNodes: readonly NodeInfo[]): TopologyScore {
  const scores: TopologyScore = new Map();
  const own = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
  for (const node of allNodes) {
    if (!own && node.podsWithAffinity === 0) continue;
    for (const existing of node.pods.values()) {
      if (!own && !hasPodAffinityTerms(existing)) continue;
      processExisting(scores, pod, existing, node);
    }
  }
  return scores;
}

export const interPodAffinityScore: ScorePlugin<TopologyScore> = {
  name: INTER_POD_AFFINITY,
  weight: INTER_POD_AFFINITY_WEIGHT,
  preScore,
  score(_pod, node, scores) {
    if (scores.size === 0) return 0;
    const labels = node.node?.metadata.labels ?? {};
    let total = 0;
    for (const [key, byValue] of scores) {
      if (Object.hasOwn(labels, key)) total += byValue.get(labels[key]!) ?? 0;
    }
    return total;
  },
  normalize(scores) {
    let min = Infinity;
    let max = -Infinity;
    for (const s of scores) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.floor((MAX_NODE_SCORE * (scores[i]! - min)) / diff) : 0;
  },
};
