// One claim's sync, as Kubernetes' syncClaim: an unbound claim is bound to the
// volume it names or the best free one, waits for its first consumer, or is
// handed to its class's provisioner; a bound claim keeps its binding whole, or
// is Lost when its volume went.
import {
  BETA_STORAGE_PROVISIONER_ANNOTATION,
  BIND_COMPLETED_ANNOTATION,
  HOSTNAME_LABEL,
  SELECTED_NODE_ANNOTATION,
  STORAGE_PROVISIONER_ANNOTATION,
} from '../../api/storage/binding-annotations.js';
import { claimClass, findBestMatch, isVolumeBoundToClaim, volumeMismatch } from '../../api/storage/volume-matching.js';
import type { Node } from '../../api/types/index.js';
import type { PersistentVolumeClaim } from '../../api/types/storage.js';
import type { BinderDeps } from './binder-deps.js';
import { annotateClaim, bind, setClaimPhase } from './bind-writes.js';
import {
  alreadyBoundMessage,
  CLAIM_LOST_REFERENCE,
  CLAIM_LOST_VOLUME,
  CLAIM_MISBOUND,
  classNotFoundMessage,
  EXTERNAL_PROVISIONING,
  externalProvisioningMessage,
  FAILED_BINDING,
  mismatchMessage,
  NO_CLASS,
  PROVISIONING_FAILED,
  VOLUME_MISMATCH,
  WAIT_FOR_FIRST_CONSUMER,
} from './binding-messages.js';

export async function syncClaim(deps: BinderDeps, claim: PersistentVolumeClaim): Promise<void> {
  if (claim.metadata.annotations?.[BIND_COMPLETED_ANNOTATION]) await syncBoundClaim(deps, claim);
  else if (claim.spec?.volumeName) await syncClaimNamingVolume(deps, claim, claim.spec.volumeName);
  else await syncFreeClaim(deps, claim);
}

/** The node the scheduler chose, from the cache; a node not yet seen is judged by its hostname label alone. */
function selectedNode(deps: BinderDeps, claim: PersistentVolumeClaim): Node | undefined {
  const name = claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
  if (!name) return undefined;
  return deps.node(name) ?? ({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { [HOSTNAME_LABEL]: name } } } as Node);
}

async function syncFreeClaim(deps: BinderDeps, claim: PersistentVolumeClaim): Promise<void> {
  const className = claimClass(claim);
  const cls = className ? deps.storageClass(className) : undefined;
  const node = selectedNode(deps, claim);
  const delayBinding = cls?.volumeBindingMode === 'WaitForFirstConsumer' && !node;
  const volume = findBestMatch(claim, deps.volumes(), { delayBinding, node });
  if (volume) {
    await bind(deps, volume, claim);
    return;
  }
  const pending = await setClaimPhase(deps.client, claim, 'Pending');
  if (delayBinding) {
    deps.event(claim, 'Normal', WAIT_FOR_FIRST_CONSUMER.reason, WAIT_FOR_FIRST_CONSUMER.message);
  } else if (cls) {
    // The provisioner (ours runs on the nodes) watches for its name on the claim.
    await annotateClaim(deps.client, pending, { [STORAGE_PROVISIONER_ANNOTATION]: cls.provisioner, [BETA_STORAGE_PROVISIONER_ANNOTATION]: cls.provisioner });
    deps.event(claim, 'Normal', EXTERNAL_PROVISIONING, externalProvisioningMessage(cls.provisioner));
  } else if (className) {
    deps.event(claim, 'Warning', PROVISIONING_FAILED, classNotFoundMessage(className));
  } else {
    deps.event(claim, 'Normal', NO_CLASS.reason, NO_CLASS.message);
  }
}

/** The user (or a provisioner) asked for one volume by name. */
async function syncClaimNamingVolume(deps: BinderDeps, claim: PersistentVolumeClaim, volumeName: string): Promise<void> {
  const volume = deps.volume(volumeName);
  if (!volume) {
    // It may be created later; its event brings the claim back.
    await setClaimPhase(deps.client, claim, 'Pending');
    return;
  }
  if (volume.spec?.claimRef && !isVolumeBoundToClaim(volume, claim)) {
    await setClaimPhase(deps.client, claim, 'Pending');
    deps.event(claim, 'Warning', FAILED_BINDING, alreadyBoundMessage(volumeName));
    return;
  }
  const why = volume.spec?.claimRef ? undefined : volumeMismatch(volume, claim);
  if (why) {
    await setClaimPhase(deps.client, claim, 'Pending');
    deps.event(claim, 'Warning', VOLUME_MISMATCH, mismatchMessage(volumeName, why));
    return;
  }
  await bind(deps, volume, claim);
}

async function markLost(deps: BinderDeps, claim: PersistentVolumeClaim, why: { reason: string; message: string }): Promise<void> {
  if (claim.status?.phase !== 'Lost') deps.event(claim, 'Warning', why.reason, why.message);
  await setClaimPhase(deps.client, claim, 'Lost');
}

async function syncBoundClaim(deps: BinderDeps, claim: PersistentVolumeClaim): Promise<void> {
  const volumeName = claim.spec?.volumeName;
  if (!volumeName) {
    await markLost(deps, claim, CLAIM_LOST_REFERENCE);
    return;
  }
  // A missing volume makes the claim Lost for good: ask the apiserver before trusting the cache.
  const volume = deps.volume(volumeName) ?? (await deps.liveVolume(volumeName));
  if (!volume) {
    await markLost(deps, claim, CLAIM_LOST_VOLUME);
    return;
  }
  if (volume.spec?.claimRef && !isVolumeBoundToClaim(volume, claim)) {
    await markLost(deps, claim, CLAIM_MISBOUND);
    return;
  }
  // Unbound, or bound to us: finish or repair whatever part of the binding is missing.
  await bind(deps, volume, claim);
}
