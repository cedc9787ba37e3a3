// The default profile: filters in the order kube-scheduler runs them, then
// the scorers with its default weights. Volume binding needs the cluster's
// claims and volumes, so the caller that has them passes it in.
import type { FilterPlugin, ScorePlugin } from '../framework/types.js';
import type { PodClaims } from './volume-claims.js';
import { balancedAllocation } from './balanced-allocation.js';
import { interPodAffinity } from './inter-pod-affinity.js';
import { interPodAffinityScore } from './inter-pod-affinity-score.js';
import { leastAllocated } from './least-allocated.js';
import { nodeAffinityFilter, nodeAffinityScore } from './node-affinity.js';
import { nodeName } from './node-name.js';
import { nodePorts } from './node-ports.js';
import { nodeReady } from './node-ready.js';
import { nodeResourcesFit } from './node-resources-fit.js';
import { nodeUnschedulable } from './node-unschedulable.js';
import { ownerSpread } from './owner-spread.js';
import { podTopologySpread } from './pod-topology-spread.js';
import { podTopologySpreadScore } from './pod-topology-spread-score.js';
import { taintTolerationFilter, taintTolerationScore } from './taint-toleration.js';

export function defaultFilterPlugins(volumeBinding?: FilterPlugin<PodClaims | null>): FilterPlugin<unknown>[] {
  return [
    nodeReady,
    nodeUnschedulable,
    nodeName,
    taintTolerationFilter,
    nodeAffinityFilter,
    nodePorts,
    nodeResourcesFit,
    ...(volumeBinding ? [volumeBinding as FilterPlugin<unknown>] : []),
    podTopologySpread,
    interPodAffinity,
  ] as FilterPlugin<unknown>[];
}

export function defaultScorePlugins(): ScorePlugin[] {
  return [
    taintTolerationScore,
    nodeAffinityScore,
    interPodAffinityScore,
    podTopologySpreadScore,
    leastAllocated,
    balancedAllocation,
    ownerSpread,
  ] as ScorePlugin[];
}
