// The Ready condition of pods and nodes, read the one way every component reads it.
import type { Node, NodeCondition, Pod, PodCondition } from './types/index.js';

export function podReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

export function nodeReadyCondition(node: Node): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready');
}

export function isNodeReady(node: Node): boolean {
  return nodeReadyCondition(node)?.status === 'True';
}
