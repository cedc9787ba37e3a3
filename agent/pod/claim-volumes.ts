// persistentVolumeClaim volumes: the claim names a volume once it is bound,
// and the volume says where its data lives on this node (hostPath or local).
// A claim that is missing, being deleted or not bound yet holds the pod in
// ContainerCreating with a FailedMount event naming it; the pod worker retries.
import type { Pod, Volume } from '../../api/types/index.js';
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/types/storage.js';
import { isClaimBound, isVolumeBoundToClaim } from '../../api/storage/volume-matching.js';

/** Where claims and their volumes are read from; undefined means the object does not exist. */
export interface ClaimReader {
  claim(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined>;
  volume(name: string): Promise<PersistentVolume | undefined>;
}

/** A claim that cannot be mounted (yet); the message is the FailedMount detail. */
export class ClaimMountError extends Error {}

/** The claim's volume on this node: its host directory, and whether the volume is a hostPath (with its type) or local. */
export interface ClaimSource {
  path: string;
  hostPathType: string | undefined;
}

/** Resolves claim -> spec.volumeName -> PersistentVolume -> its path; ClaimMountError when it cannot yet. */
export async function resolveClaimSource(pod: Pod, volume: Volume, reader: ClaimReader): Promise<ClaimSource> {
  const namespace = pod.metadata.namespace ?? '';
  const name = volume.persistentVolumeClaim?.claimName ?? '';
  const fail = (detail: string): never => {
    throw new ClaimMountError(`error processing PVC ${namespace}/${name}: ${detail}`);
  };
  const claim = await reader.claim(namespace, name);
  if (!claim) return fail(`failed to fetch PVC from API server: persistentvolumeclaims "${name}" not found`);
  if (claim.metadata.deletionTimestamp) return fail("can't start pod because PVC is being deleted");
  if (!isClaimBound(claim)) return fail('PVC is not bound');
  const pvName = claim.spec?.volumeName ?? '';
  const pv = await reader.volume(pvName);
  if (!pv) return fail(`failed to fetch PV "${pvName}" from API server: persistentvolumes "${pvName}" not found`);
  if (!isVolumeBoundToClaim(pv, claim)) return fail(`PV "${pvName}" is not bound to this claim`);
  if (pv.spec?.hostPath) return { path: pv.spec.hostPath.path, hostPathType: pv.spec.hostPath.type ?? '' };
  if (pv.spec?.local) return { path: pv.spec.local.path, hostPathType: undefined };
  return fail(`PV "${pvName}" has a source this agent cannot mount (only hostPath and local)`);
}

/** The pod's claim volumes marked readOnly: every mount of them is read-only. */
export function readOnlyClaimVolumes(pod: Pod): string[] {
  return (pod.spec.volumes ?? []).filter((v) => v.persistentVolumeClaim?.readOnly === true).map((v) => v.name);
}
