// The plugin interface: filters say whether a pod may go on a node and why
// not; scorers rank the nodes that passed; reservers hold what the chosen
// node's decision needs until the bind (and let go if it fails); pre-binders
// do the API work that must land before the pod is bound.
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';

/** Highest score a scorer gives a node (kube-scheduler's MaxNodeScore). */
export const MAX_NODE_SCORE = 100;

/** Why a node was rejected: one or more Kubernetes reason strings. */
export interface FilterFailure {
  reasons: string[];
}

export type FilterResult = FilterFailure | null;

/** Thrown by a preFilter when no node can take the pod, whatever the node: its reason is reported once, without a node count. */
export class PreFilterRejection extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Returned by a preFilter when its filter would let every node (that has a
 * Node object) through for this pod, as kube-scheduler's Skip status: the
 * framework then does not call the filter node by node.
 */
export const SKIP_FILTER: unique symbol = Symbol('skip filter');

/**
 * Returned by a preScore when every node would get the same normalized score
 * `score`: the framework adds it to every node without scoring one by one, so
 * totals and the choice are exactly what scoring each node would give.
 */
export class UniformScore {
  constructor(readonly score: number) {}
}

export interface FilterPlugin<State = void> {
  readonly name: string;
  /** Computed once per pod (over every node) before the nodes are filtered; may throw PreFilterRejection. */
  preFilter?(pod: PodInfo, nodes: readonly NodeInfo[]): State | typeof SKIP_FILTER;
  filter(pod: PodInfo, node: NodeInfo, state: State): FilterResult;
}

export interface ScorePlugin<State = unknown> {
  readonly name: string;
  readonly weight: number;
  /** Computed once per pod before scoring the feasible `nodes`; `allNodes` is the whole cluster. */
  preScore?(pod: PodInfo, nodes: readonly NodeInfo[], allNodes: readonly NodeInfo[]): State | UniformScore;
  score(pod: PodInfo, node: NodeInfo, state: State): number;
  /** Maps raw scores onto 0..MAX_NODE_SCORE in place; `nodes[i]` is the node of `scores[i]`. */
  normalize?(scores: number[], nodes: readonly NodeInfo[]): void;
}

export interface ReservePlugin {
  readonly name: string;
  /** Synchronous, right after the pod is assumed on `node`; a failure sends the pod back to the queue. */
  reserve(pod: PodInfo, node: NodeInfo): FilterResult;
  /** Undoes reserve when a later step fails; must be safe to call twice. */
  unreserve(pod: PodInfo, nodeName: string): void;
}

export interface PreBindPlugin {
  readonly name: string;
  /** Runs in the binding cycle, off the scheduling loop; rejects to stop the bind. */
  preBind(pod: PodInfo, nodeName: string, signal: AbortSignal): Promise<void>;
}

export function fail(...reasons: string[]): FilterFailure {
  return { reasons };
}

/** Scales scores so the best is MAX_NODE_SCORE; `reverse` makes the lowest raw score best. */
export function defaultNormalize(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) max = Math.max(max, s);
  if (max === 0) {
    if (reverse) scores.fill(MAX_NODE_SCORE);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const s = Math.floor((MAX_NODE_SCORE * scores[i]!) / max);
    scores[i] = reverse ? MAX_NODE_SCORE - s : s;
  }
}
