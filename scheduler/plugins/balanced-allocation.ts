// Prefers nodes whose cpu and memory would be used in the same proportion
// once the pod is placed: score = (1 - standard deviation of the fractions).
import { MAX_NODE_SCORE, type ScorePlugin } from '../framework/types.js';

export const BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';
export const BALANCED_ALLOCATION_WEIGHT = 1;

export function balancedScore(fractions: number[]): number {
  if (fractions.length === 0) return MAX_NODE_SCORE;
  const capped = fractions.map((f) => Math.min(f, 1));
  const mean = capped.reduce((a, b) => a + b, 0) / capped.length;
  const variance = capped.reduce((a, f) => a + (f - mean) * (f - mean), 0) / capped.length;
  return Math.floor((1 - Math.sqrt(variance)) * MAX_NODE_SCORE);
}

export const balancedAllocation: ScorePlugin = {
  name: BALANCED_ALLOCATION,
  weight: BALANCED_ALLOCATION_WEIGHT,
  score(pod, node) {
    const cpu = node.allocatable.milliCpu;
    const memory = node.allocatable.memory;
    if (cpu <= 0 || memory <= 0) {
      const fractions: number[] = [];
      if (cpu > 0) fractions.push((node.requested.milliCpu + pod.requests.milliCpu) / cpu);
      if (memory > 0) fractions.push((node.requested.memory + pod.requests.memory) / memory);
      return balancedScore(fractions);
    }
    // Two resources: the standard deviation is half their difference.
    const fc = Math.min(1, (node.requested.milliCpu + pod.requests.milliCpu) / cpu);
    const fm = Math.min(1, (node.requested.memory + pod.requests.memory) / memory);
    return Math.floor((1 - Math.abs(fc - fm) / 2) * MAX_NODE_SCORE);
  },
};
