// A pod that names its node fits only that node.
import { fail, SKIP_FILTER, type FilterPlugin } from '../framework/types.js';

export const NODE_NAME = 'NodeName';
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

export const nodeName: FilterPlugin = {
  name: NODE_NAME,
  preFilter(pod) {
    return pod.pod.spec.nodeName ? undefined : SKIP_FILTER;
  },
  filter(pod, node) {
    const wanted = pod.pod.spec.nodeName;
    if (!wanted || wanted === node.name) return null;
    return fail(ERR_REASON_NODE_NAME);
  },
};
