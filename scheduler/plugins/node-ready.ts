// Rejects nodes whose Ready condition is not True. A node that reports no
// Ready condition at all is not rejected here (objects created by hand, as
// kube-scheduler's own benchmarks do). Pods tolerating the not-ready
// NoSchedule taint (DaemonSet pods) may still go there.
import { fail, type FilterPlugin } from '../framework/types.js';
import { toleratedBy } from '../../api/scheduling/tolerations.js';

export const NODE_READY = 'NodeReady';
export const ERR_REASON_NOT_READY = 'node(s) were not ready';
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';

export const nodeReady: FilterPlugin = {
  name: NODE_READY,
  filter(pod, node) {
    const ready = node.readyStatus;
    if (ready === undefined || ready === 'True') return null;
    if (toleratedBy(pod.pod.spec.tolerations, { key: TAINT_NODE_NOT_READY, effect: 'NoSchedule' })) return null;
    return fail(ERR_REASON_NOT_READY);
  },
};
