// What the node's local-path provisioner does with a claim or a volume, decided
// from the objects alone: provision a claim that names our provisioner and this
// node, delete a Released volume of ours on this node whose policy is Delete.
// Pure, so every rule is tested without an apiserver or a disk.
import {
  BETA_STORAGE_PROVISIONER_ANNOTATION,
  HOSTNAME_LABEL,
  PROVISIONED_BY_ANNOTATION,
  SELECTED_NODE_ANNOTATION,
  STORAGE_PROVISIONER_ANNOTATION,
} from '../../api/storage/binding-annotations.js';
import { LOCAL_PATH_PROVISIONER } from '../../api/storage/names.js';
import { claimClass } from '../../api/storage/volume-matching.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types/storage.js';

/** The directory is created on first use, as local-path does, so a lost directory comes back empty rather than failing the pod. */
const HOST_PATH_TYPE = 'DirectoryOrCreate';

export const NEEDS_WAIT_FOR_FIRST_CONSUMER = {
  reason: 'ProvisioningFailed',
  message: `storage class uses provisioner ${LOCAL_PATH_PROVISIONER}, which creates directories on the node a pod is scheduled to: set volumeBindingMode: WaitForFirstConsumer`,
};

export type ClaimDecision =
  | { action: 'ignore' }
  | { action: 'provision'; volume: PersistentVolume }
  | { action: 'warn'; reason: string; message: string };

const IGNORE: ClaimDecision = { action: 'ignore' };

/** Deterministic, so a provisioner that crashed between mkdir and create finds the same name again. */
export function provisionedVolumeName(claim: PersistentVolumeClaim): string {
  return `pvc-${claim.metadata.uid ?? ''}`;
}

function askedProvisioner(claim: PersistentVolumeClaim): string | undefined {
  const annotations = claim.metadata.annotations ?? {};
  return annotations[STORAGE_PROVISIONER_ANNOTATION] ?? annotations[BETA_STORAGE_PROVISIONER_ANNOTATION];
}

export interface ClaimContext {
  nodeName: string;
  storageClass: StorageClass | undefined;
  /** The directory the volume gets on this node. */
  path: string;
  /** A volume of the deterministic name exists already. */
  volumeExists: boolean;
}

export function decideClaim(claim: PersistentVolumeClaim, ctx: ClaimContext): ClaimDecision {
  if (askedProvisioner(claim) !== LOCAL_PATH_PROVISIONER) return IGNORE;
  if (claim.metadata.deletionTimestamp || claim.spec?.volumeName || ctx.volumeExists || !claim.metadata.uid) return IGNORE;
  const cls = ctx.storageClass;
  if (!cls || cls.provisioner !== LOCAL_PATH_PROVISIONER) return IGNORE;
  const selected = claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
  if (!selected) {
    // Any node could serve it and none is chosen: say why instead of guessing.
    return cls.volumeBindingMode === 'WaitForFirstConsumer' ? IGNORE : { action: 'warn', ...NEEDS_WAIT_FOR_FIRST_CONSUMER };
  }
  if (selected !== ctx.nodeName) return IGNORE;
  return { action: 'provision', volume: volumeFor(claim, cls, ctx.nodeName, ctx.path) };
}

/** The volume of a claim: the class's policy and mount options, the claim's size and modes, reachable only from this node, reserved for the claim. */
export function volumeFor(claim: PersistentVolumeClaim, cls: StorageClass, nodeName: string, path: string): PersistentVolume {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: provisionedVolumeName(claim), annotations: { [PROVISIONED_BY_ANNOTATION]: LOCAL_PATH_PROVISIONER } },
    spec: {
      capacity: { storage: claim.spec?.resources?.requests?.storage ?? '0' },
      accessModes: [...(claim.spec?.accessModes ?? [])],
      persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
      ...(cls.mountOptions ? { mountOptions: [...cls.mountOptions] } : {}),
      storageClassName: claimClass(claim),
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      claimRef: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: HOSTNAME_LABEL, operator: 'In', values: [nodeName] }] }] } },
      hostPath: { path, type: HOST_PATH_TYPE },
    },
  };
}

/** The one node a volume's affinity names by hostname (undefined: not a single-node volume). */
export function volumeNode(volume: PersistentVolume): string | undefined {
  const terms = volume.spec?.nodeAffinity?.required?.nodeSelectorTerms ?? [];
  const values = terms.flatMap((t) => (t.matchExpressions ?? []).filter((e) => e.key === HOSTNAME_LABEL && e.operator === 'In').flatMap((e) => e.values ?? []));
  return values.length === 1 ? values[0] : undefined;
}

/** Ours, on this node, Released with policy Delete and not yet deleted: remove its directory and the volume. */
export function shouldDeleteVolume(volume: PersistentVolume, nodeName: string): boolean {
  return (
    !volume.metadata.deletionTimestamp &&
    volume.metadata.annotations?.[PROVISIONED_BY_ANNOTATION] === LOCAL_PATH_PROVISIONER &&
    volumeNode(volume) === nodeName &&
    volume.status?.phase === 'Released' &&
    volume.spec?.persistentVolumeReclaimPolicy === 'Delete'
  );
}
