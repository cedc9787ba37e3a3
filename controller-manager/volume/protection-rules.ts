// When the protection finalizers may go: a claim being deleted once no pod
// that may still run uses it; a volume being deleted once no claim is bound to it.
import { PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER } from '../../api/storage/names.js';
import { podUsesClaim } from '../../api/storage/pod-claims.js';
import type { KubeObject, Pod } from '../../api/types/index.js';
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/types/storage.js';

function hasFinalizer(obj: KubeObject, finalizer: string): boolean {
  return (obj.metadata.finalizers ?? []).includes(finalizer);
}

/** Being deleted and still held by `finalizer`: the only state these controllers act on. */
export function heldForDeletion(obj: KubeObject, finalizer: string): boolean {
  return Boolean(obj.metadata.deletionTimestamp) && hasFinalizer(obj, finalizer);
}

/** The pods among `pods` that keep the claim. */
export function claimUsers(claim: PersistentVolumeClaim, pods: readonly Pod[]): Pod[] {
  return pods.filter((pod) => podUsesClaim(pod, claim.metadata.namespace ?? '', claim.metadata.name ?? ''));
}

export function claimMayBeReleased(claim: PersistentVolumeClaim, pods: readonly Pod[]): boolean {
  return heldForDeletion(claim, PVC_PROTECTION_FINALIZER) && claimUsers(claim, pods).length === 0;
}

export function volumeMayBeReleased(volume: PersistentVolume): boolean {
  return heldForDeletion(volume, PV_PROTECTION_FINALIZER) && volume.status?.phase !== 'Bound';
}

/** A copy of `obj` without `finalizer`. */
export function withoutFinalizer<T extends KubeObject>(obj: T, finalizer: string): T {
  const next = structuredClone(obj);
  next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  return next;
}
