// One volume's sync, as Kubernetes' syncVolume: a free volume is Available, a
// bound one Bound; when its claim is gone it is Released and reclaimed by its
// policy (Retain keeps it; Delete is the provisioner's that made it, and a
// volume no provisioner made cannot be deleted here, so it Fails).
import { PROVISIONED_BY_ANNOTATION } from '../../api/storage/binding-annotations.js';
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/types/storage.js';
import type { BinderDeps } from './binder-deps.js';
import { setVolumePhase, unbindVolume } from './bind-writes.js';
import { noDeleterMessage, RECYCLE_UNSUPPORTED, VOLUME_FAILED_DELETE } from './binding-messages.js';

export async function syncVolume(deps: BinderDeps, volume: PersistentVolume): Promise<void> {
  const ref = volume.spec?.claimRef;
  // Free, or reserved by name for a claim that will bind it.
  if (!ref || !ref.uid) {
    if (ref?.namespace && ref.name) deps.enqueueClaim(ref.namespace, ref.name);
    await setVolumePhase(deps, volume, 'Available');
    return;
  }
  const claim = await claimOf(deps, ref.namespace ?? '', ref.name ?? '', ref.uid);
  if (!claim) {
    await release(deps, volume);
    return;
  }
  const claimVolume = claim.spec?.volumeName;
  if (!claimVolume) {
    // Half-bound: the claim's sync finishes what this volume started.
    deps.enqueueClaim(ref.namespace ?? '', ref.name ?? '');
    return;
  }
  if (claimVolume === volume.metadata.name) {
    await setVolumePhase(deps, volume, 'Bound');
    return;
  }
  // The claim is bound to another volume: this one was bound in a race we lost.
  const freed = await unbindVolume(deps.client, volume);
  await setVolumePhase(deps, freed, 'Available');
}

/** The claim this volume is bound to: the same uid, from the cache or, before concluding it is gone, the apiserver. */
async function claimOf(deps: BinderDeps, namespace: string, name: string, uid: string): Promise<PersistentVolumeClaim | undefined> {
  const cached = deps.claim(namespace, name);
  if (cached?.metadata.uid === uid) return cached;
  const live = await deps.liveClaim(namespace, name);
  return live?.metadata.uid === uid ? live : undefined;
}

async function release(deps: BinderDeps, volume: PersistentVolume): Promise<void> {
  const phase = volume.status?.phase;
  if (phase === 'Failed') return;
  const released = phase === 'Released' ? volume : await setVolumePhase(deps, volume, 'Released');
  const policy = released.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
  if (policy === 'Retain') return;
  if (policy === 'Recycle') {
    await fail(deps, released, RECYCLE_UNSUPPORTED.reason, RECYCLE_UNSUPPORTED.message);
    return;
  }
  // Delete: the provisioner that made the volume watches for it Released and deletes it.
  if (released.metadata.annotations?.[PROVISIONED_BY_ANNOTATION]) return;
  await fail(deps, released, VOLUME_FAILED_DELETE, noDeleterMessage(released.metadata.name ?? ''));
}

async function fail(deps: BinderDeps, volume: PersistentVolume, reason: string, message: string): Promise<void> {
  deps.event(volume, 'Warning', reason, message);
  await setVolumePhase(deps, volume, 'Failed', { message });
}
