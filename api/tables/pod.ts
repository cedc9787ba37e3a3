// `kubectl get pods`: NAME READY STATUS RESTARTS AGE (+ IP NODE NOMINATED NODE
// READINESS GATES). STATUS is the reason kubectl derives from phase, init
// containers, container states and deletion, not just the phase.
import type { KubeObject } from '../types/meta.js';
import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from '../types/pod.js';
import { timestampSince } from './duration.js';
import { NONE } from './cells.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

/** The reason the node lifecycle controller gives pods on a node that stopped answering. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';
const SCHEDULING_GATED = 'SchedulingGated';

interface ReadinessGate {
  conditionType: string;
}

interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  /** Time of the most recent restart's termination, in ms since the epoch; 0 when unknown. */
  lastRestartMs: number;
}

/** A sidecar: an init container with its own restartPolicy Always that keeps running. */
function isRestartable(container: Container | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

function conditionTrue(conditions: PodCondition[] | undefined, type: string): boolean {
  return (conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

function isInitializedTrue(status: PodStatus): boolean {
  const initialized = (status.conditions ?? []).find((c) => c.type === 'Initialized');
  return initialized?.status === 'True';
}

function lastTerminationMs(cs: ContainerStatus): number {
  const finished = cs.lastState?.terminated?.finishedAt;
  const at = finished ? Date.parse(finished) : NaN;
  return Number.isNaN(at) ? 0 : at;
}

function terminatedReason(prefix: string, t: { reason?: string; signal?: number; exitCode: number }): string {
  if (t.reason) return `${prefix}${t.reason}`;
  if (t.signal) return `${prefix}Signal:${t.signal}`;
  return `${prefix}ExitCode:${t.exitCode}`;
}

export function summarizePod(pod: Pod): PodSummary {
  const spec = pod.spec ?? { containers: [] };
  const status: PodStatus = pod.status ?? {};
  const initSpecs = new Map((spec.initContainers ?? []).map((c) => [c.name, c]));
  const total = (spec.containers ?? []).length + (spec.initContainers ?? []).filter(isRestartable).length;
  let ready = 0;
  let restarts = 0;
  let lastRestartMs = 0;
  let sidecarRestarts = 0;
  let lastSidecarRestartMs = 0;

  let reason: string = status.reason || status.phase || '';
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === SCHEDULING_GATED)) {
    reason = SCHEDULING_GATED;
  }

  const initSpecCount = (spec.initContainers ?? []).length;
  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    restarts += cs.restartCount ?? 0;
    lastRestartMs = Math.max(lastRestartMs, lastTerminationMs(cs));
    const restartable = isRestartable(initSpecs.get(cs.name));
    if (restartable) {
      sidecarRestarts += cs.restartCount ?? 0;
      lastSidecarRestartMs = Math.max(lastSidecarRestartMs, lastTerminationMs(cs));
    }
    const terminated = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (restartable && cs.started === true) {
      if (cs.ready) ready++;
      continue;
    }
    if (terminated) {
      reason = terminatedReason('Init:', terminated);
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecCount}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isInitializedTrue(status)) {
    restarts = sidecarRestarts;
    lastRestartMs = lastSidecarRestartMs;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Backwards, so the first container's state wins the STATUS cell, as kubectl does.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount ?? 0;
      lastRestartMs = Math.max(lastRestartMs, lastTerminationMs(cs));
      const waiting = cs.state?.waiting;
      const terminated = cs.state?.terminated;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated) {
        reason = terminatedReason('', terminated);
      } else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(status.conditions, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = 'Unknown';
  } else if (pod.metadata.deletionTimestamp && !terminal) {
    reason = 'Terminating';
  }
  return { ready, total, reason, restarts, lastRestartMs };
}

export function restartsCell(summary: PodSummary, now: Date): string {
  if (summary.restarts === 0 || summary.lastRestartMs === 0) return String(summary.restarts);
  return `${summary.restarts} (${timestampSince(new Date(summary.lastRestartMs).toISOString(), now)} ago)`;
}

function readinessGatesCell(pod: Pod): string {
  const gates = (pod.spec?.readinessGates ?? []) as ReadinessGate[];
  if (gates.length === 0) return NONE;
  const conditions = pod.status?.conditions ?? [];
  const satisfied = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${satisfied}/${gates.length}`;
}

export const podTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Ready', priority: 0, description: 'The aggregate readiness state of this pod for accepting traffic.' },
    { name: 'Status', priority: 0, description: 'The aggregate status of the containers in this pod.' },
    { name: 'Restarts', priority: 0, description: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.' },
    AGE_COLUMN,
    { name: 'IP', priority: 1, description: 'IP address allocated to the pod.' },
    { name: 'Node', priority: 1, description: 'Name of the node this pod is assigned to.' },
    { name: 'Nominated Node', priority: 1, description: 'Name of the node where the pod would be preempted to.' },
    { name: 'Readiness Gates', priority: 1, description: 'The readiness gates of the pod, satisfied over total.' },
  ],
  row(obj: KubeObject, now: Date): string[] {
    const pod = obj as Pod;
    const summary = summarizePod(pod);
    const podIP = pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || NONE;
    const nominated = (pod.status?.nominatedNodeName as string | undefined) || NONE;
    return [
      pod.metadata.name ?? '',
      `${summary.ready}/${summary.total}`,
      summary.reason,
      restartsCell(summary, now),
      timestampSince(pod.metadata.creationTimestamp, now),
      podIP,
      pod.spec?.nodeName || NONE,
      nominated,
      readinessGatesCell(pod),
    ];
  },
};
