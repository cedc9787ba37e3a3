// The annotations the Deployment controller keeps on Deployments and their
// ReplicaSets, with the names Kubernetes uses (kubectl reads them).
import type { Deployment, ReplicaSet } from '../../api/types/index.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
/** Asks for a rollback: the revision to go back to, 0 for the previous one. */
export const ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** Deployment annotations that are not copied onto its ReplicaSets. */
const NOT_COPIED = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  ROLLBACK_TO_ANNOTATION,
]);

/** The revision number of a ReplicaSet; 0 when absent or not a number. */
export function revisionOf(rs: ReplicaSet | Deployment): number {
  const v = Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? '');
  return Number.isInteger(v) && v > 0 ? v : 0;
}

export function maxRevision(rss: readonly ReplicaSet[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

/** The second highest revision: where `rollout undo` without --to-revision goes. */
export function lastRevision(rss: readonly ReplicaSet[]): number {
  let max = 0;
  let second = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v >= max) {
      second = max;
      max = v;
    } else if (v > second) second = v;
  }
  return second;
}

function intAnnotation(rs: ReplicaSet, name: string): number | undefined {
  const raw = rs.metadata.annotations?.[name];
  if (raw === undefined) return undefined;
  const v = Number(raw);
  return Number.isInteger(v) ? v : undefined;
}

export function desiredReplicasOf(rs: ReplicaSet): number | undefined {
  return intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
}

export function maxReplicasOf(rs: ReplicaSet): number | undefined {
  return intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
}

/**
 * Copies the deployment's annotations onto `rs` (edited in place: the caller
 * passes its own copy), moves it to `newRevision` if that is higher, and on a
 * new ReplicaSet records desired and max replicas. Answers whether anything changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean, maxSurge: number): boolean {
  const before = JSON.stringify(rs.metadata.annotations ?? {});
  const annotations = { ...(rs.metadata.annotations ?? {}) };
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (!NOT_COPIED.has(k)) annotations[k] = v;
  }
  const oldRevision = annotations[REVISION_ANNOTATION];
  const oldNumber = Number(oldRevision ?? 0) || 0;
  if (oldNumber < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    if (oldRevision) {
      const history = annotations[REVISION_HISTORY_ANNOTATION];
      annotations[REVISION_HISTORY_ANNOTATION] = history ? `${history},${oldRevision}` : oldRevision;
    }
  }
  if (!exists) {
    const replicas = d.spec.replicas ?? 1;
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(replicas);
    annotations[MAX_REPLICAS_ANNOTATION] = String(replicas + maxSurge);
  }
  rs.metadata.annotations = annotations;
  return JSON.stringify(annotations) !== before;
}

/** Sets desired/max replicas on `rs` (in place); answers whether they changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  if (a[DESIRED_REPLICAS_ANNOTATION] === String(desired) && a[MAX_REPLICAS_ANNOTATION] === String(max)) return false;
  rs.metadata.annotations = { ...a, [DESIRED_REPLICAS_ANNOTATION]: String(desired), [MAX_REPLICAS_ANNOTATION]: String(max) };
  return true;
}
