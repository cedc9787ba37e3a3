// A host port (protocol, IP, port) can be taken by one pod per node;
// 0.0.0.0 clashes with every IP.
import { fail, SKIP_FILTER, type FilterPlugin } from '../framework/types.js';

export const NODE_PORTS = 'NodePorts';
export const ERR_REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";

export const nodePorts: FilterPlugin = {
  name: NODE_PORTS,
  preFilter(pod) {
    return pod.hostPorts.length === 0 ? SKIP_FILTER : undefined;
  },
  filter(pod, node) {
    for (const port of pod.hostPorts) if (node.portInUse(port)) return fail(ERR_REASON_PORTS);
    return null;
  },
};
