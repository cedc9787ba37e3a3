// nodeSelector and required node affinity as a filter; preferred node
// affinity as a score (sum of the weights of the matching terms).
import type { Pod } from '../../api/types/index.js';
import { defaultNormalize, fail, SKIP_FILTER, UniformScore, type FilterPlugin, type ScorePlugin } from '../framework/types.js';
import { matchesNodeSelectorAndAffinity, termMatches } from '../../api/scheduling/node-selector.js';

export const NODE_AFFINITY = 'NodeAffinity';
export const ERR_REASON_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const NODE_AFFINITY_WEIGHT = 2;

export const nodeAffinityFilter: FilterPlugin = {
  name: NODE_AFFINITY,
  // No nodeSelector and no required affinity: every node matches.
  preFilter(pod) {
    const spec = pod.pod.spec;
    const selects = Object.keys(spec.nodeSelector ?? {}).length > 0 || spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined;
    return selects ? undefined : SKIP_FILTER;
  },
  filter(pod, info) {
    const node = info.node;
    if (!node) return fail(ERR_REASON_AFFINITY);
    return matchesNodeSelectorAndAffinity(pod.pod.spec, node) ? null : fail(ERR_REASON_AFFINITY);
  },
};

function preferredTerms(pod: Pod) {
  return pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
}

export const nodeAffinityScore: ScorePlugin = {
  name: NODE_AFFINITY,
  weight: NODE_AFFINITY_WEIGHT,
  // No weighted preference: every node scores 0 (normalizing zeros leaves zeros).
  preScore(pod) {
    return preferredTerms(pod.pod).every((t) => t.weight === 0) ? new UniformScore(0) : undefined;
  },
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
