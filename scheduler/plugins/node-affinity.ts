// nodeSelector and required node affinity as a filter; preferred node
// affinity as a score (sum of the weights of the matching terms).
import type { Pod } from '../../api/types/index.js';
import { defaultNormalize, fail, type FilterPlugin, type ScorePlugin } from '../framework/types.js';
import { anyTermMatches, termMatches } from './node-selector-terms.js';

export const NODE_AFFINITY = 'NodeAffinity';
export const ERR_REASON_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const NODE_AFFINITY_WEIGHT = 2;

export const nodeAffinityFilter: FilterPlugin = {
  name: NODE_AFFINITY,
  filter(pod, info) {
    const node = info.node;
    if (!node) return fail(ERR_REASON_AFFINITY);
    const selector = pod.pod.spec.nodeSelector;
    if (selector) {
      const labels = node.metadata.labels ?? {};
      for (const [k, v] of Object.entries(selector)) {
        if (!Object.hasOwn(labels, k) || labels[k] !== v) return fail(ERR_REASON_AFFINITY);
      }
    }
    const required = pod.pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (required && !anyTermMatches(required.nodeSelectorTerms ?? [], node)) return fail(ERR_REASON_AFFINITY);
    return null;
  },
};

function preferredTerms(pod: Pod) {
  return pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
}

export const nodeAffinityScore: ScorePlugin = {
  name: NODE_AFFINITY,
  weight: NODE_AFFINITY_WEIGHT,
  score(pod, info) {
    const node = info.node;
    if (!node) return 0;
    let sum = 0;
    for (const term of preferredTerms(pod.pod)) {
      if (term.weight !== 0 && termMatches(term.preference, node)) sum += term.weight;
    }
    return sum;
  },
  normalize(scores) {
    defaultNormalize(scores, false);
  },
};
