// The writes of binding, each a no-op when the object already says it, each on
// a copy of the object it was given and guarded by that copy's resourceVersion:
// a stale cache answers Conflict and the key is tried again from fresh state.
import { resources } from '../../api/resources.js';
import { claimRefFor } from '../../api/storage/volume-matching.js';
import { ANNOTATION_YES, BIND_COMPLETED_ANNOTATION, BOUND_BY_CONTROLLER_ANNOTATION } from '../../api/storage/binding-annotations.js';
import type {
  PersistentVolume,
  PersistentVolumeClaim,
  PersistentVolumeClaimPhase,
  PersistentVolumePhase,
} from '../../api/types/storage.js';
import type { ApiClient } from '../../client/api-client.js';
import type { Clock } from '../../client/clock.js';
import { semanticEqual } from '../../api/validation/semantic-equal.js';

/** What writes a phase needs: the client, and the clock that dates the transition. */
export interface PhaseWriter {
  client: ApiClient;
  clock: Clock;
}

export interface PhaseDetail {
  reason?: string;
  message?: string;
}

function copyOf<T>(obj: T): T {
  return structuredClone(obj);
}

function sameClaimRef(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec?.claimRef;
  return ref?.name === claim.metadata.name && ref?.namespace === claim.metadata.namespace && ref?.uid === claim.metadata.uid;
}

/** The volume names the claim (with its uid); marked bound-by-controller when we chose it. */
export async function bindVolumeToClaim(client: ApiClient, volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<PersistentVolume> {
  if (sameClaimRef(volume, claim)) return volume;
  const next = copyOf(volume);
  const spec = (next.spec ??= {});
  if (!spec.claimRef) next.metadata.annotations = { ...next.metadata.annotations, [BOUND_BY_CONTROLLER_ANNOTATION]: ANNOTATION_YES };
  spec.claimRef = claimRefFor(claim);
  return client.update(resources.persistentVolumes, next);
}

/** Frees a volume we bound to a claim that went elsewhere; a user's reservation keeps its name and loses only the uid. */
export async function unbindVolume(client: ApiClient, volume: PersistentVolume): Promise<PersistentVolume> {
  const next = copyOf(volume);
  const spec = (next.spec ??= {});
  if (next.metadata.annotations?.[BOUND_BY_CONTROLLER_ANNOTATION]) {
    delete spec.claimRef;
    const { [BOUND_BY_CONTROLLER_ANNOTATION]: _dropped, ...rest } = next.metadata.annotations;
    next.metadata.annotations = rest;
  } else if (spec.claimRef) {
    spec.claimRef = { ...spec.claimRef, uid: undefined };
    delete spec.claimRef.uid;
  }
  return client.update(resources.persistentVolumes, next);
}

export async function setVolumePhase(writer: PhaseWriter, volume: PersistentVolume, phase: PersistentVolumePhase, detail: PhaseDetail = {}): Promise<PersistentVolume> {
  const status = volume.status ?? {};
  if (status.phase === phase && status.reason === detail.reason && status.message === detail.message) return volume;
  const next = copyOf(volume);
  next.status = { phase, ...detail, lastPhaseTransitionTime: status.phase === phase ? status.lastPhaseTransitionTime : new Date(writer.clock.now()).toISOString() };
  return writer.client.updateStatus(resources.persistentVolumes, next);
}

/** The claim names the volume and says the binding is complete. */
export async function bindClaimToVolume(client: ApiClient, claim: PersistentVolumeClaim, volume: PersistentVolume): Promise<PersistentVolumeClaim> {
  const name = volume.metadata.name ?? '';
  const annotations = claim.metadata.annotations ?? {};
  if (claim.spec?.volumeName === name && annotations[BIND_COMPLETED_ANNOTATION]) return claim;
  const next = copyOf(claim);
  const spec = (next.spec ??= {});
  const added: Record<string, string> = { [BIND_COMPLETED_ANNOTATION]: ANNOTATION_YES };
  if (spec.volumeName !== name) {
    spec.volumeName = name;
    added[BOUND_BY_CONTROLLER_ANNOTATION] = ANNOTATION_YES;
  }
  next.metadata.annotations = { ...annotations, ...added };
  return client.update(resources.persistentVolumeClaims, next);
}

/** Bound: the claim's status shows the volume's capacity and modes. */
export async function setClaimBound(client: ApiClient, claim: PersistentVolumeClaim, volume: PersistentVolume): Promise<PersistentVolumeClaim> {
  const wanted = { phase: 'Bound' as const, accessModes: volume.spec?.accessModes, capacity: volume.spec?.capacity };
  const status = claim.status ?? {};
  if (semanticEqual({ phase: status.phase, accessModes: status.accessModes, capacity: status.capacity }, wanted)) return claim;
  const next = copyOf(claim);
  next.status = { ...status, ...wanted };
  return client.updateStatus(resources.persistentVolumeClaims, next);
}

/** Pending or Lost: no volume to show. */
export async function setClaimPhase(client: ApiClient, claim: PersistentVolumeClaim, phase: Exclude<PersistentVolumeClaimPhase, 'Bound'>): Promise<PersistentVolumeClaim> {
  if (claim.status?.phase === phase) return claim;
  const next = copyOf(claim);
  next.status = { ...next.status, phase };
  if (phase === 'Lost') {
    delete next.status.accessModes;
    delete next.status.capacity;
  }
  return client.updateStatus(resources.persistentVolumeClaims, next);
}

/** Adds annotations the claim lacks (a provisioner's name); writes nothing when all are there. */
export async function annotateClaim(client: ApiClient, claim: PersistentVolumeClaim, wanted: Record<string, string>): Promise<PersistentVolumeClaim> {
  const annotations = claim.metadata.annotations ?? {};
  if (Object.entries(wanted).every(([k, v]) => annotations[k] === v)) return claim;
  const next = copyOf(claim);
  next.metadata.annotations = { ...annotations, ...wanted };
  return client.update(resources.persistentVolumeClaims, next);
}

/** The four writes of a binding, in Kubernetes' order: volume, volume status, claim, claim status. */
export async function bind(writer: PhaseWriter, volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<void> {
  const { client } = writer;
  const boundVolume = await bindVolumeToClaim(client, volume, claim);
  const phased = await setVolumePhase(writer, boundVolume, 'Bound');
  const boundClaim = await bindClaimToVolume(client, claim, phased);
  await setClaimBound(client, boundClaim, phased);
}
