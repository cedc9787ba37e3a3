// How many feasible nodes are enough before scoring, as kube-scheduler's
// adaptive percentageOfNodesToScore: all of them in small clusters, a
// shrinking share (never under 5 %, never under 100 nodes) in large ones.

export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
const ADAPTIVE_BASE_PERCENTAGE = 50;
const ADAPTIVE_NODES_PER_PERCENT = 125;

/** `percentage` 0 means adaptive; 100 means every node. */
export function numFeasibleNodesToFind(numAllNodes: number, percentage = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentage >= 100) return numAllNodes;
  let pct = percentage;
  if (pct <= 0) {
    pct = ADAPTIVE_BASE_PERCENTAGE - Math.floor(numAllNodes / ADAPTIVE_NODES_PER_PERCENT);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.floor((numAllNodes * pct) / 100);
  return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
}
