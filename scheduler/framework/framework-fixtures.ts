// NodeInfo and PodInfo for the scheduler's unit tests. Beside the framework
// rather than in testkit/, because testkit may not import a component's
// internals; the plain Node and Pod objects come from testkit.
import type { Node, Pod } from '../../api/types/index.js';
import { makePod, type PodShape } from '../../testkit/objects/scheduling-objects.js';
import { NodeInfo } from './node-info.js';
import { newPodInfo, type PodInfo } from './pod-info.js';

export function podInfo(name: string, shape: PodShape = {}): PodInfo {
  return newPodInfo(makePod(name, shape));
}

/** A NodeInfo holding `pods` already. */
export function nodeInfo(node: Node, pods: Pod[] = []): NodeInfo {
  const info = new NodeInfo(node.metadata.name ?? '', node);
  for (const p of pods) info.addPod(newPodInfo(p));
  return info;
}
