// Requests against allocatable minus what the node's pods (bound and
// assumed) already request, plus the pod count.
import { fail, type FilterPlugin } from '../framework/types.js';
import { isZero } from '../framework/resources.js';

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';
export const ERR_REASON_TOO_MANY_PODS = 'Too many pods';

export function insufficient(resource: string): string {
  return `Insufficient ${resource}`;
}

export const nodeResourcesFit: FilterPlugin = {
  name: NODE_RESOURCES_FIT,
  filter(pod, node) {
    const reasons: string[] = [];
    if (node.pods.size + 1 > node.allowedPodNumber) reasons.push(ERR_REASON_TOO_MANY_PODS);
    const req = pod.requests;
    if (!isZero(req)) {
      const free = node.allocatable;
      const used = node.requested;
      if (req.milliCpu > 0 && req.milliCpu > free.milliCpu - used.milliCpu) reasons.push(insufficient('cpu'));
      if (req.memory > 0 && req.memory > free.memory - used.memory) reasons.push(insufficient('memory'));
      for (const name in req.scalar) {
        const value = req.scalar[name]!;
        if (value > 0 && value > (free.scalar[name] ?? 0) - (used.scalar[name] ?? 0)) reasons.push(insufficient(name));
      }
    }
    return reasons.length > 0 ? fail(...reasons) : null;
  },
};
