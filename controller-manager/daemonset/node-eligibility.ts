// Which nodes a DaemonSet runs on, as Kubernetes' NodeShouldRunDaemonPod:
// nodeSelector, required node affinity, and taints against the pod's
// tolerations (a NoSchedule taint keeps new pods off, a NoExecute one also
// removes running ones).
import { matchesNodeSelectorAndAffinity } from '../../api/scheduling/node-selector.js';
import { toleratesAll } from '../../api/scheduling/tolerations.js';
import type { DaemonSet, Node, PodSpec, Toleration } from '../../api/types/index.js';

/** Tolerations every daemon pod gets, as the DaemonSet controller adds them. */
export const DAEMON_TOLERATIONS: readonly Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

/** The template's tolerations plus the daemon ones it does not already have. */
export function daemonTolerations(spec: PodSpec): Toleration[] {
  const own = spec.tolerations ?? [];
  const missing = DAEMON_TOLERATIONS.filter((d) => !own.some((t) => t.key === d.key && t.effect === d.effect));
  return [...own, ...missing];
}

export interface Eligibility {
  /** A new daemon pod belongs here. */
  shouldRun: boolean;
  /** A daemon pod already here may stay. */
  shouldContinueRunning: boolean;
}

export function nodeEligibility(ds: DaemonSet, node: Node): Eligibility {
  const spec = ds.spec.template.spec;
  if (!matchesNodeSelectorAndAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = daemonTolerations(spec);
  const taints = node.spec?.taints;
  const keepsRunning = toleratesAll(tolerations, taints, ['NoExecute']);
  const fits = keepsRunning && toleratesAll(tolerations, taints, ['NoSchedule']);
  return { shouldRun: fits, shouldContinueRunning: keepsRunning };
}
