// Required pod affinity and anti-affinity, as kube-scheduler's
// InterPodAffinity filter. Three rules, checked in kube-scheduler's order:
// - affinity: every term needs a matching pod in the node's domain (same
//   value of the term's topology key), or, for the first pod of a group that
//   matches its own terms, no match anywhere;
// - anti-affinity: no matching pod may be in the node's domain;
// - existing pods' anti-affinity: a pod already placed may repel the
//   newcomer from its whole domain.
// Domains are counted once per pod, over every node, before filtering.
import { matchesSelector } from '../../api/labels/label-selector.js';
import type { Pod } from '../../api/types/index.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { AffinityTerm, PodInfo } from '../framework/pod-info.js';
import { fail, SKIP_FILTER, type FilterPlugin } from '../framework/types.js';

export const INTER_POD_AFFINITY = 'InterPodAffinity';
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";

/** `topologyKey \0 value` -> matching pods in that domain. */
type TopologyCounts = Map<string, number>;

export interface InterPodAffinityState {
  existingAntiAffinity: TopologyCounts;
  affinity: TopologyCounts;
  antiAffinity: TopologyCounts;
}

function pair(key: string, value: string): string {
  return `${key}\0${value}`;
}

function bump(counts: TopologyCounts, key: string, node: NodeInfo): void {
  const labels = node.node?.metadata.labels;
  if (!labels || !Object.hasOwn(labels, key)) return;
  const p = pair(key, labels[key]!);
  counts.set(p, (counts.get(p) ?? 0) + 1);
}

export function termMatches(term: AffinityTerm, pod: Pod): boolean {
  if (term.namespaces && !term.namespaces.has(pod.metadata.namespace ?? 'default')) return false;
  return matchesSelector(term.selector, pod.metadata.labels);
}

function inDomain(counts: TopologyCounts, key: string, node: NodeInfo): boolean {
  const labels = node.node?.metadata.labels;
  if (!labels || !Object.hasOwn(labels, key)) return false;
  return (counts.get(pair(key, labels[key]!)) ?? 0) > 0;
}

/** No required terms of its own and no existing pod's anti-affinity against it: every node passes. */
function preFilter(pod: PodInfo, nodes: readonly NodeInfo[]): InterPodAffinityState | typeof SKIP_FILTER {
  const state: InterPodAffinityState = { existingAntiAffinity: new Map(), affinity: new Map(), antiAffinity: new Map() };
  const own = pod.requiredAffinityTerms.length > 0 || pod.requiredAntiAffinityTerms.length > 0;
  for (const node of nodes) {
    if (!own && node.podsWithAntiAffinity === 0) continue;
    for (const existing of node.pods.values()) {
      for (const term of existing.requiredAntiAffinityTerms) {
        if (termMatches(term, pod.pod)) bump(state.existingAntiAffinity, term.topologyKey, node);
      }
      if (!own) continue;
      // An existing pod counts for affinity only if it matches every term.
      if (pod.requiredAffinityTerms.length > 0 && pod.requiredAffinityTerms.every((t) => termMatches(t, existing.pod))) {
        for (const term of pod.requiredAffinityTerms) bump(state.affinity, term.topologyKey, node);
      }
      for (const term of pod.requiredAntiAffinityTerms) {
        if (termMatches(term, existing.pod)) bump(state.antiAffinity, term.topologyKey, node);
      }
    }
  }
  return !own && state.existingAntiAffinity.size === 0 ? SKIP_FILTER : state;
}

function satisfiesExistingAntiAffinity(state: InterPodAffinityState, node: NodeInfo): boolean {
  if (state.existingAntiAffinity.size === 0) return true;
  const labels = node.node?.metadata.labels ?? {};
  for (const [key, value] of Object.entries(labels)) {
    if ((state.existingAntiAffinity.get(pair(key, value)) ?? 0) > 0) return false;
  }
  return true;
}

function satisfiesAffinity(pod: PodInfo, state: InterPodAffinityState, node: NodeInfo): boolean {
  const labels = node.node?.metadata.labels ?? {};
  let podsExist = true;
  for (const term of pod.requiredAffinityTerms) {
    // The node must carry every term's topology key.
    if (!Object.hasOwn(labels, term.topologyKey)) return false;
    if (!inDomain(state.affinity, term.topologyKey, node)) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group that wants to be near its own kind.
  return state.affinity.size === 0 && pod.requiredAffinityTerms.every((t) => termMatches(t, pod.pod));
}

function satisfiesAntiAffinity(pod: PodInfo, state: InterPodAffinityState, node: NodeInfo): boolean {
  for (const term of pod.requiredAntiAffinityTerms) {
    if (inDomain(state.antiAffinity, term.topologyKey, node)) return false;
  }
  return true;
}

export const interPodAffinity: FilterPlugin<InterPodAffinityState> = {
  name: INTER_POD_AFFINITY,
  preFilter,
  filter(pod, node, state) {
    if (!satisfiesAffinity(pod, state, node)) return fail(ERR_REASON_AFFINITY);
    if (!satisfiesAntiAffinity(pod, state, node)) return fail(ERR_REASON_ANTI_AFFINITY);
    if (!satisfiesExistingAntiAffinity(state, node)) return fail(ERR_REASON_EXISTING_ANTI_AFFINITY);
    return null;
  },
};
