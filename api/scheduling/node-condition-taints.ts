// The NoExecute taints the node lifecycle controller puts on a node whose
// Ready condition is False (not-ready) or Unknown (unreachable); pods ride
// them out for their tolerationSeconds.
export const NOT_READY_TAINT_KEY = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT_KEY = 'node.kubernetes.io/unreachable';
