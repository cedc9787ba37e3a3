// NoSchedule and NoExecute taints the pod does not tolerate reject the node;
// PreferNoSchedule taints only lower its score.
import type { Taint, Toleration } from '../../api/types/index.js';
import { defaultNormalize, fail, MAX_NODE_SCORE, UniformScore, type FilterPlugin, type ScorePlugin } from '../framework/types.js';
import { toleratedBy } from '../../api/scheduling/tolerations.js';

export const TAINT_TOLERATION = 'TaintToleration';
export const TAINT_TOLERATION_WEIGHT = 3;

export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

export const taintTolerationFilter: FilterPlugin = {
  name: TAINT_TOLERATION,
  filter(pod, info) {
    for (const taint of info.hardTaints) {
      if (!toleratedBy(pod.pod.spec.tolerations, taint)) return fail(untoleratedTaintReason(taint));
    }
    return null;
  },
};

export const taintTolerationScore: ScorePlugin<Toleration[]> = {
  name: TAINT_TOLERATION,
  weight: TAINT_TOLERATION_WEIGHT,
  // Only tolerations that could apply to PreferNoSchedule count, as in Kubernetes.
  // No PreferNoSchedule taint on any candidate: all count 0, which normalizes to the best score.
  preScore(pod, nodes) {
    if (nodes.every((n) => n.softTaints.length === 0)) return new UniformScore(MAX_NODE_SCORE);
    return (pod.pod.spec.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  },
  score(_pod, info, tolerations) {
    let count = 0;
    for (const taint of info.softTaints) if (!toleratedBy(tolerations, taint)) count++;
    return count;
  },
  normalize(scores) {
    defaultNormalize(scores, true);
  },
};
