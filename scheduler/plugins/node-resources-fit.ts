// Requests against allocatable minus what the node's pods (bound and
// assumed) already request, plus the pod count.
import { fail, type FilterPlugin } from '../framework/types.js';
import type { Resources } from '../framework/resources.js';

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';
export const ERR_REASON_TOO_MANY_PODS = 'Too many pods';

export function insufficient(resource: string): string {
  return `Insufficient ${resource}`;
}

export const nodeResourcesFit: FilterPlugin = {
  name: NODE_RESOURCES_FIT,
  filter(pod, node) {
    const req = pod.requests;
    const tooMany = node.pods.size + 1 > node.allowedPodNumber;
    const cpuShort = exceeds(req.milliCpu, node.allocatable.milliCpu, node.requested.milliCpu);
    const memoryShort = exceeds(req.memory, node.allocatable.memory, node.requested.memory);
    // The common case decides without building reasons.
    if (!tooMany && !cpuShort && !memoryShort && !hasScalars(req)) return null;
    const reasons: string[] = [];
    if (tooMany) reasons.push(ERR_REASON_TOO_MANY_PODS);
    if (cpuShort) reasons.push(insufficient('cpu'));
    if (memoryShort) reasons.push(insufficient('memory'));
    for (const name in req.scalar) {
      if (exceeds(req.scalar[name]!, node.allocatable.scalar[name] ?? 0, node.requested.scalar[name] ?? 0)) reasons.push(insufficient(name));
    }
    return reasons.length > 0 ? fail(...reasons) : null;
  },
};

/** A positive request beyond what is left. */
function exceeds(request: number, allocatable: number, used: number): boolean {
  return request > 0 && request > allocatable - used;
}

function hasScalars(r: Resources): boolean {
  for (const _ in r.scalar) return true;
  return false;
}
