// Prefers nodes with the most cpu and memory left after placing the pod,
// counting requests as kube-scheduler does for scoring (defaults for
// containers that ask for nothing).
import { MAX_NODE_SCORE, type ScorePlugin } from '../framework/types.js';

export const LEAST_ALLOCATED = 'NodeResourcesLeastAllocated';
export const LEAST_ALLOCATED_WEIGHT = 1;
const CPU_WEIGHT = 1;
const MEMORY_WEIGHT = 1;

export function leastRequestedScore(requested: number, allocatable: number): number {
  if (allocatable === 0 || requested > allocatable) return 0;
  return Math.floor(((allocatable - requested) * MAX_NODE_SCORE) / allocatable);
}

export const leastAllocated: ScorePlugin = {
  name: LEAST_ALLOCATED,
  weight: LEAST_ALLOCATED_WEIGHT,
  score(pod, node) {
    const cpu = leastRequestedScore(node.nonZeroRequested.milliCpu + pod.nonZeroRequests.milliCpu, node.allocatable.milliCpu);
    const memory = leastRequestedScore(node.nonZeroRequested.memory + pod.nonZeroRequests.memory, node.allocatable.memory);
    return Math.floor((cpu * CPU_WEIGHT + memory * MEMORY_WEIGHT) / (CPU_WEIGHT + MEMORY_WEIGHT));
  },
};
