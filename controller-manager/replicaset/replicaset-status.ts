// A ReplicaSet's status from the pods it owns: pure, so it is unit tested.
import type { Pod, ReplicaSet, ReplicaSetStatus, WorkloadCondition } from '../../api/types/index.js';
import { isPodAvailable, isPodReady } from '../common/pod-util.js';

export const REPLICA_FAILURE = 'ReplicaFailure';

export function calculateReplicaSetStatus(rs: ReplicaSet, owned: readonly Pod[], manageError: unknown, nowMs: number): ReplicaSetStatus {
  const templateLabels = rs.spec.template.metadata?.labels ?? {};
  const minReady = rs.spec.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of owned) {
    const labels = pod.metadata.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, nowMs)) available++;
    }
  }
  const status: ReplicaSetStatus = {
    replicas: owned.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.metadata.generation ?? 0,
  };
  const conditions = replicaFailureConditions(rs, owned.length, manageError, nowMs);
  if (conditions.length > 0) status.conditions = conditions;
  return status;
}

function replicaFailureConditions(rs: ReplicaSet, have: number, manageError: unknown, nowMs: number): WorkloadCondition[] {
  const others = (rs.status?.conditions ?? []).filter((c) => c.type !== REPLICA_FAILURE);
  const existing = rs.status?.conditions?.find((c) => c.type === REPLICA_FAILURE);
  const want = rs.spec.replicas ?? 1;
  if (manageError !== undefined && manageError !== null) {
    const creating = have < want;
    const message = manageError instanceof Error ? manageError.message : String(manageError);
    const condition: WorkloadCondition = {
      type: REPLICA_FAILURE,
      status: 'True',
      reason: creating ? 'FailedCreate' : 'FailedDelete',
      message,
      lastTransitionTime: existing?.status === 'True' ? existing.lastTransitionTime : new Date(nowMs).toISOString(),
    };
    return [...others, condition];
  }
  return others;
}

/** Whether writing `next` would change anything. */
export function replicaSetStatusEqual(a: ReplicaSetStatus | undefined, b: ReplicaSetStatus): boolean {
  if (!a) return false;
  return (
    a.replicas === b.replicas &&
    (a.fullyLabeledReplicas ?? 0) === (b.fullyLabeledReplicas ?? 0) &&
    (a.readyReplicas ?? 0) === (b.readyReplicas ?? 0) &&
    (a.availableReplicas ?? 0) === (b.availableReplicas ?? 0) &&
    (a.observedGeneration ?? 0) === (b.observedGeneration ?? 0) &&
    JSON.stringify(a.conditions ?? []) === JSON.stringify(b.conditions ?? [])
  );
}
