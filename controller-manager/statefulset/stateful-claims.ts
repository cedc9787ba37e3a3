// The claims a StatefulSet's volumeClaimTemplates give each ordinal:
// `<template>-<set>-<ordinal>`, created before the pod and reused when the pod
// comes back, mounted as the template's volume. Their owner references follow
// persistentVolumeClaimRetentionPolicy as Kubernetes sets them: whenDeleted
// Delete makes the set their controller, whenScaled Delete makes a condemned
// pod (an ordinal at or past replicas) their owner, and the garbage collector
// does the rest. A claim some other controller owns is left alone.
import type { OwnerReference, Pod, StatefulSet } from '../../api/types/index.js';
import type { PersistentVolumeClaim } from '../../api/types/storage.js';
import { newControllerRef } from '../common/controller-ref.js';

const RETAIN = 'Retain';
const DELETE = 'Delete';

/** A template as the StatefulSet spec holds it: a claim without apiVersion and kind. */
type ClaimTemplate = Pick<PersistentVolumeClaim, 'metadata' | 'spec'>;

export function claimTemplates(sts: StatefulSet): ClaimTemplate[] {
  return (sts.spec.volumeClaimTemplates ?? []) as ClaimTemplate[];
}

export function claimName(templateName: string, sts: StatefulSet, ordinal: number): string {
  return `${templateName}-${sts.metadata.name ?? ''}-${ordinal}`;
}

/** The claims of one ordinal as they are created: the template, its name, and the selector's labels. */
export function claimsForOrdinal(sts: StatefulSet, ordinal: number): PersistentVolumeClaim[] {
  return claimTemplates(sts).map((template) => {
    const claim = structuredClone(template) as PersistentVolumeClaim;
    claim.apiVersion = 'v1';
    claim.kind = 'PersistentVolumeClaim';
    const templateName = template.metadata.name ?? '';
    claim.metadata = {
      ...claim.metadata,
      name: claimName(templateName, sts, ordinal),
      namespace: sts.metadata.namespace,
      labels: { ...(claim.metadata.labels ?? {}), ...(sts.spec.selector?.matchLabels ?? {}) },
    };
    delete claim.status;
    return claim;
  });
}

/** The pod mounts each template's claim as a volume of the template's name, replacing a pod volume of that name. */
export function withClaimVolumes(pod: Pod, sts: StatefulSet, ordinal: number): Pod {
  const templates = claimTemplates(sts);
  if (templates.length === 0) return pod;
  const names = new Set(templates.map((t) => t.metadata.name ?? ''));
  const kept = (pod.spec.volumes ?? []).filter((v) => !names.has(v.name));
  const claimVolumes = templates.map((t) => {
    const name = t.metadata.name ?? '';
    return { name, persistentVolumeClaim: { claimName: claimName(name, sts, ordinal) } };
  });
  return { ...pod, spec: { ...pod.spec, volumes: [...kept, ...claimVolumes] } };
}

function retentionPolicy(sts: StatefulSet): { whenDeleted: string; whenScaled: string } {
  const policy = sts.spec.persistentVolumeClaimRetentionPolicy ?? {};
  return { whenDeleted: policy.whenDeleted ?? RETAIN, whenScaled: policy.whenScaled ?? RETAIN };
}

function podOwnerRef(pod: Pod): OwnerReference {
  return { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' };
}

/**
 * The owner references the claim should carry for this set and the pod of its
 * ordinal (absent before the pod exists), or undefined when they are right
 * already or another controller owns the claim.
 */
export function desiredClaimOwners(claim: PersistentVolumeClaim, sts: StatefulSet, podName: string, pod: Pod | undefined, condemned: boolean): OwnerReference[] | undefined {
  const current = claim.metadata.ownerReferences ?? [];
  const setUid = sts.metadata.uid ?? '';
  if (current.some((r) => r.controller === true && r.uid !== setUid)) return undefined;
  const { whenDeleted, whenScaled } = retentionPolicy(sts);
  const scaledAway = condemned && whenScaled === DELETE;
  const wantSet = whenDeleted === DELETE && !scaledAway;
  // Any reference to a pod of this name goes: a stale one is an earlier pod of the ordinal.
  const others = current.filter((r) => r.uid !== setUid && !(r.kind === 'Pod' && r.name === podName));
  const next = [...others, ...(wantSet ? [newControllerRef(sts)] : []), ...(scaledAway && pod ? [podOwnerRef(pod)] : [])];
  const same = next.length === current.length && next.every((r) => current.some((c) => c.uid === r.uid && c.controller === r.controller));
  return same ? undefined : next;
}

/** What ensureClaims needs: the claim cache and the writes. */
export interface ClaimAccess {
  cached(namespace: string, name: string): PersistentVolumeClaim | undefined;
  create(claim: PersistentVolumeClaim, podName: string): Promise<void>;
  update(claim: PersistentVolumeClaim): Promise<void>;
}

/** A claim of the ordinal is being deleted: the pod must wait for it to go and be created anew. */
export class ClaimBeingDeletedError extends Error {}

/**
 * Creates the ordinal's missing claims (unless `condemned`) and brings every
 * claim's owners in line with the retention policy.
 */
export async function ensureClaims(access: ClaimAccess, sts: StatefulSet, ordinal: number, pod: Pod | undefined, condemned: boolean): Promise<void> {
  const podName = `${sts.metadata.name ?? ''}-${ordinal}`;
  for (const fresh of claimsForOrdinal(sts, ordinal)) {
    const name = fresh.metadata.name ?? '';
    const existing = access.cached(sts.metadata.namespace ?? '', name);
    if (existing?.metadata.deletionTimestamp) {
      // A running pod keeps its claim until it goes (pvc-protection); only a new pod must wait.
      if (pod || condemned) continue;
      throw new ClaimBeingDeletedError(`pvc ${name} is being deleted`);
    }
    const claim = existing ?? fresh;
    const owners = desiredClaimOwners(claim, sts, podName, pod, condemned);
    if (!existing) {
      if (condemned) continue;
      if (owners && owners.length > 0) claim.metadata.ownerReferences = owners;
      await access.create(claim, podName);
    } else if (owners) {
      const copy = structuredClone(existing) as PersistentVolumeClaim;
      copy.metadata.ownerReferences = owners;
      await access.update(copy);
    }
  }
}
