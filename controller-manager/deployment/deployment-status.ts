// A Deployment's status and its Available / Progressing conditions, pure.
import type { Deployment, DeploymentStatus, ReplicaSet, WorkloadCondition } from '../../api/types/index.js';
import { maxUnavailable } from './fenceposts.js';
import { totalSpecReplicas } from './replica-math.js';

export const AVAILABLE = 'Available';
export const PROGRESSING = 'Progressing';
export const REPLICA_FAILURE = 'ReplicaFailure';

export const REASON_MIN_AVAILABLE = 'MinimumReplicasAvailable';
export const REASON_MIN_UNAVAILABLE = 'MinimumReplicasUnavailable';
export const REASON_NEW_RS_AVAILABLE = 'NewReplicaSetAvailable';
export const REASON_RS_UPDATED = 'ReplicaSetUpdated';
export const REASON_NEW_RS_CREATED = 'NewReplicaSetCreated';
export const REASON_FOUND_NEW_RS = 'FoundNewReplicaSet';
export const REASON_TIMED_OUT = 'ProgressDeadlineExceeded';
export const REASON_PAUSED = 'DeploymentPaused';
export const REASON_RESUMED = 'DeploymentResumed';

export function getCondition(status: DeploymentStatus | undefined, type: string): WorkloadCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * Sets a condition on `status` (edited in place: the caller's copy). The
 * transition time stays when the status does not change, as Kubernetes does;
 * an unchanged condition with the same reason is left alone entirely.
 */
export function setCondition(status: DeploymentStatus, next: WorkloadCondition): void {
  const conditions = status.conditions ?? [];
  const current = conditions.find((c) => c.type === next.type);
  if (current && current.status === next.status && current.reason === next.reason && current.message === next.message) return;
  const merged: WorkloadCondition = { ...next };
  if (current && current.status === next.status) merged.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...conditions.filter((c) => c.type !== next.type), merged];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
}

export function condition(type: string, status: WorkloadCondition['status'], reason: string, message: string, nowMs: number): WorkloadCondition {
  const t = new Date(nowMs).toISOString();
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/** Counts from the ReplicaSets' status, and the Available condition. */
export function calculateStatus(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined, nowMs: number): DeploymentStatus {
  const sum = (f: (rs: ReplicaSet) => number | undefined): number => allRSs.reduce((n, rs) => n + (f(rs) ?? 0), 0);
  const available = sum((rs) => rs.status?.availableReplicas);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: sum((rs) => rs.status?.replicas),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: sum((rs) => rs.status?.readyReplicas),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, totalSpecReplicas(allRSs) - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions) status.conditions = structuredClone(d.status.conditions);
  const desired = d.spec.replicas ?? 1;
  if (available >= desired - maxUnavailable(d)) {
    setCondition(status, condition(AVAILABLE, 'True', REASON_MIN_AVAILABLE, 'Deployment has minimum availability.', nowMs));
  } else {
    setCondition(status, condition(AVAILABLE, 'False', REASON_MIN_UNAVAILABLE, 'Deployment does not have minimum availability.', nowMs));
  }
  return status;
}

/** All replicas updated and available, and the latest spec observed. */
export function isComplete(d: Deployment, status: DeploymentStatus): boolean {
  const desired = d.spec.replicas ?? 1;
  return (
    (status.updatedReplicas ?? 0) === desired &&
    (status.replicas ?? 0) === desired &&
    (status.availableReplicas ?? 0) === desired &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** Something moved forward since the last status: more updated, ready or available pods, or fewer old ones. */
export function hasProgressed(d: Deployment, next: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec.progressDeadlineSeconds;
  return s !== undefined && s !== null && s < 2_147_483_647;
}

export function hasTimedOut(d: Deployment, status: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(status, PROGRESSING);
  if (!c) return false;
  if (c.reason === REASON_NEW_RS_AVAILABLE) return false;
  if (c.reason === REASON_TIMED_OUT) return true;
  const from = Date.parse(c.lastUpdateTime ?? c.lastTransitionTime ?? '');
  if (Number.isNaN(from)) return false;
  return from + (d.spec.progressDeadlineSeconds ?? 0) * 1000 < nowMs;
}

/**
 * The Progressing condition after this sync (in place on `status`), as
 * syncRolloutStatus: complete, progressing, or timed out.
 */
export function updateProgressing(d: Deployment, status: DeploymentStatus, newRS: ReplicaSet | undefined, nowMs: number): void {
  if (!hasProgressDeadline(d)) {
    removeCondition(status, PROGRESSING);
    return;
  }
  const current = getCondition(status, PROGRESSING);
  if (d.spec.paused || current?.reason === REASON_TIMED_OUT) return;
  const rsName = newRS?.metadata.name ?? '';
  if (isComplete(d, status)) {
    setCondition(status, condition(PROGRESSING, 'True', REASON_NEW_RS_AVAILABLE, `ReplicaSet "${rsName}" has successfully progressed.`, nowMs));
  } else if (hasProgressed(d, status)) {
    const c = condition(PROGRESSING, 'True', REASON_RS_UPDATED, `ReplicaSet "${rsName}" is progressing.`, nowMs);
    if (current?.status === 'True' && current.lastTransitionTime) c.lastTransitionTime = current.lastTransitionTime;
    // Progress always refreshes lastUpdateTime: the deadline counts from the last progress.
    status.conditions = [...(status.conditions ?? []).filter((x) => x.type !== PROGRESSING), c];
  } else if (hasTimedOut(d, status, nowMs)) {
    setCondition(status, condition(PROGRESSING, 'False', REASON_TIMED_OUT, `ReplicaSet "${rsName}" has timed out progressing.`, nowMs));
  }
}

/** Copies a ReplicaSet's ReplicaFailure onto the Deployment, or clears it. */
export function updateReplicaFailure(status: DeploymentStatus, allRSs: readonly ReplicaSet[], nowMs: number): void {
  const failing = allRSs.map((rs) => rs.status?.conditions?.find((c) => c.type === REPLICA_FAILURE && c.status === 'True')).find(Boolean);
  if (failing) setCondition(status, condition(REPLICA_FAILURE, 'True', failing.reason ?? 'FailedCreate', failing.message ?? '', nowMs));
  else removeCondition(status, REPLICA_FAILURE);
}

/** Whether writing `b` over `a` would change anything. */
export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  return JSON.stringify(normalize(a ?? {})) === JSON.stringify(normalize(b));
}

function normalize(s: DeploymentStatus): DeploymentStatus {
  return {
    observedGeneration: s.observedGeneration ?? 0,
    replicas: s.replicas ?? 0,
    updatedReplicas: s.updatedReplicas ?? 0,
    readyReplicas: s.readyReplicas ?? 0,
    availableReplicas: s.availableReplicas ?? 0,
    unavailableReplicas: s.unavailableReplicas ?? 0,
    collisionCount: s.collisionCount ?? 0,
    conditions: [...(s.conditions ?? [])].sort((x, y) => x.type.localeCompare(y.type)),
  };
}
