// What a pod's PersistentVolumeClaims demand of a node, as kube-scheduler's
// volume binder judges it: a bound claim pins the pod to where its volume can
// be reached; an unbound claim of a WaitForFirstConsumer class needs, on the
// node, either a free static volume that matches or a class that provisions.
import type { Node, Pod } from '../../api/types/index.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types/storage.js';
import { claimClass, findBestMatch, isClaimBound, volumeReachableFrom } from '../../api/storage/volume-matching.js';
import { podClaimNames } from '../../api/storage/pod-claims.js';
import { requirementMatches } from '../../api/scheduling/node-selector.js';

export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const ERR_REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
/** The provisioner a class names when its volumes are only ever created by hand. */
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

export function claimNotFound(name: string): string {
  return `persistentvolumeclaim "${name}" not found`;
}

export function claimBeingDeleted(name: string): string {
  return `persistentvolumeclaim "${name}" is being deleted`;
}

export function classNotFound(name: string): string {
  return `storageclass.storage.k8s.io "${name}" not found`;
}

/** The cluster state the decisions read (informer caches in the scheduler). */
export interface VolumeListers {
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
  volumes(): readonly PersistentVolume[];
  storageClass(name: string): StorageClass | undefined;
}

export interface PodClaims {
  /** Why no node at all can take the pod (a missing claim, an unbound Immediate claim). */
  podFailure?: string;
  bound: { claim: PersistentVolumeClaim; volume: PersistentVolume | undefined }[];
  /** Unbound claims of WaitForFirstConsumer classes: the chosen node decides their volume. */
  delayed: PersistentVolumeClaim[];
}

/** One delayed claim's outcome on a node: a static volume to pre-bind, or provisioning there. */
export interface ClaimDecision {
  claim: PersistentVolumeClaim;
  volume?: PersistentVolume;
}

/** Sorts the pod's claims into bound and delayed, or says why the pod cannot be placed anywhere. */
export function analyzePodClaims(pod: Pod, listers: VolumeListers): PodClaims {
  const result: PodClaims = { bound: [], delayed: [] };
  const namespace = pod.metadata.namespace ?? '';
  for (const name of podClaimNames(pod)) {
    const claim = listers.claim(namespace, name);
    if (!claim) return { ...result, podFailure: claimNotFound(name) };
    if (claim.metadata.deletionTimestamp) return { ...result, podFailure: claimBeingDeleted(name) };
    if (isClaimBound(claim)) {
      result.bound.push({ claim, volume: listers.volume(claim.spec?.volumeName ?? '') });
      continue;
    }
    const className = claimClass(claim);
    const sc = className ? listers.storageClass(className) : undefined;
    if (className && !sc) return { ...result, podFailure: classNotFound(className) };
    if (sc?.volumeBindingMode !== 'WaitForFirstConsumer') return { ...result, podFailure: ERR_REASON_UNBOUND_IMMEDIATE };
    result.delayed.push(claim);
  }
  return result;
}

/** A class's allowedTopologies admit the node (no terms: every node). */
function topologyAllows(sc: StorageClass, node: Node): boolean {
  const terms = sc.allowedTopologies ?? [];
  if (terms.length === 0) return true;
  const labels = node.metadata.labels ?? {};
  return terms.some((term) => (term.matchLabelExpressions ?? []).every((req) => requirementMatches({ key: req.key, operator: 'In', values: req.values }, labels[req.key])));
}

function canProvisionOn(sc: StorageClass | undefined, node: Node): boolean {
  if (!sc?.provisioner || sc.provisioner === NO_PROVISIONER) return false;
  return topologyAllows(sc, node);
}

/**
 * The decisions for the pod's claims on one node, or the reason it does not
 * fit. `taken` says which volumes other pods' decisions hold meanwhile.
 */
export function decideForNode(
  claims: PodClaims,
  node: Node,
  listers: VolumeListers,
  taken: (volumeName: string) => boolean,
): { failure: string } | { decisions: ClaimDecision[] } {
  for (const { volume } of claims.bound) {
    if (!volume) return { failure: ERR_REASON_PV_NOT_EXIST };
    if (!volumeReachableFrom(volume, node)) return { failure: ERR_REASON_NODE_CONFLICT };
  }
  const decisions: ClaimDecision[] = [];
  const chosen = new Set<string>();
  const volumes = claims.delayed.length > 0 ? listers.volumes() : [];
  for (const claim of claims.delayed) {
    const free = volumes.filter((pv) => !chosen.has(pv.metadata.name ?? '') && !taken(pv.metadata.name ?? ''));
    const volume = findBestMatch(claim, free, { delayBinding: true, node });
    if (volume) {
      chosen.add(volume.metadata.name ?? '');
      decisions.push({ claim, volume });
    } else if (canProvisionOn(listers.storageClass(claimClass(claim)), node)) {
      decisions.push({ claim });
    } else {
      return { failure: ERR_REASON_BIND_CONFLICT };
    }
  }
  return { decisions };
}
