// Cordoned nodes (spec.unschedulable) take no new pods, unless the pod
// tolerates the unschedulable taint as DaemonSet pods do.
import { fail, type FilterPlugin } from '../framework/types.js';
import { toleratedBy } from '../../api/scheduling/tolerations.js';

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export const nodeUnschedulable: FilterPlugin = {
  name: NODE_UNSCHEDULABLE,
  filter(pod, node) {
    if (!node.unschedulable) return null;
    if (toleratedBy(pod.pod.spec.tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' })) return null;
    return fail(ERR_REASON_UNSCHEDULABLE);
  },
};
