// NodeInfo and PodInfo for the scheduler's unit tests. Beside the framework
// rather than in testkit/, because testkit may not import a component's
// internals; the plain Node and Pod objects come from testkit.
import type { Node, Pod } from '../../api/types/index.js';
import { makePod, type PodShape } from '../../testkit/objects/scheduling-objects.js';
import { NodeInfo } from './node-info.js';
import { newPodInfo, type PodInfo } from './pod-info.js';
import { SKIP_FILTER, UniformScore, type FilterPlugin, type FilterResult, type ScorePlugin } from './types.js';

export function podInfo(name: string, shape: PodShape = {}): PodInfo {
  return newPodInfo(makePod(name, shape));
}

/** A NodeInfo holding `pods` already. */
export function nodeInfo(node: Node, pods: Pod[] = []): NodeInfo {
  const info = new NodeInfo(node.metadata.name ?? '', node);
  for (const p of pods) info.addPod(newPodInfo(p));
  return info;
}

/** One filter's verdict per node, as the framework runs it: a skipping preFilter lets every node pass. */
export function filterVerdicts<S>(plugin: FilterPlugin<S>, pod: PodInfo, nodes: NodeInfo[]): (FilterResult | null)[] {
  const state = plugin.preFilter ? plugin.preFilter(pod, nodes) : (undefined as S);
  return nodes.map((n) => (state === SKIP_FILTER ? null : plugin.filter(pod, n, state)));
}

/** One scorer's normalized scores, as the framework computes them: a uniform preScore gives every node its score. */
export function pluginScores<S>(plugin: ScorePlugin<S>, pod: PodInfo, nodes: NodeInfo[], allNodes: NodeInfo[] = nodes): number[] {
  const state = plugin.preScore ? plugin.preScore(pod, nodes, allNodes) : (undefined as S);
  if (state instanceof UniformScore) return nodes.map(() => state.score);
  const scores = nodes.map((n) => plugin.score(pod, n, state));
  plugin.normalize?.(scores, nodes);
  return scores;
}
