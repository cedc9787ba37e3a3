// Whether a PersistentVolume can satisfy a PersistentVolumeClaim, and which
// one to take: the rules Kubernetes' volume binding applies (class, access
// modes, size, volume mode, selector, a requested volume name), shared by
// everything that chooses a volume for a claim.
import { labelSelectorMatches } from '../labels/label-selector.js';
import { compareQuantities, isValidQuantity } from '../quantity.js';
import { anyTermMatches } from '../scheduling/node-selector.js';
import type { Node } from '../types/index.js';
import type { PersistentVolume, PersistentVolumeClaim } from '../types/storage.js';
import { BETA_STORAGE_CLASS_ANNOTATION } from './names.js';

const DEFAULT_VOLUME_MODE = 'Filesystem';

/** The claim's class: spec.storageClassName, else the beta annotation, else "" (no class). */
export function claimClassName(claim: PersistentVolumeClaim): string {
  return claim.spec?.storageClassName ?? claim.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? '';
}

export function volumeClassName(pv: PersistentVolume): string {
  return pv.spec?.storageClassName ?? pv.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? '';
}

/** Whether the claim has a volume (spec.volumeName set and phase Bound). */
export function isClaimBound(claim: PersistentVolumeClaim): boolean {
  return Boolean(claim.spec?.volumeName) && claim.status?.phase === 'Bound';
}

/** Whether the volume may be reached from the node: no node affinity, or a term that matches. */
export function volumeFitsNode(pv: PersistentVolume, node: Node): boolean {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return true;
  return anyTermMatches(terms, node);
}

/** Whether the volume's claimRef names this claim (by uid when both carry one). */
export function isReservedFor(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  if (ref.namespace !== claim.metadata.namespace || ref.name !== claim.metadata.name) return false;
  return !ref.uid || !claim.metadata.uid || ref.uid === claim.metadata.uid;
}

/** Free for this claim: not deleted, not Released or Failed, and reserved for nobody else. */
export function isVolumeFreeFor(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  if (pv.metadata.deletionTimestamp) return false;
  const phase = pv.status?.phase;
  if (phase === 'Released' || phase === 'Failed') return false;
  return !pv.spec?.claimRef || isReservedFor(pv, claim);
}

function hasCapacityFor(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const wanted = claim.spec?.resources?.requests?.storage;
  if (wanted === undefined) return true;
  const capacity = pv.spec?.capacity?.storage;
  if (capacity === undefined || !isValidQuantity(capacity) || !isValidQuantity(wanted)) return false;
  return compareQuantities(capacity, wanted) >= 0;
}

/** The volume offers every access mode the claim asks for. */
function hasAccessModes(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const offered = new Set(pv.spec?.accessModes ?? []);
  return (claim.spec?.accessModes ?? []).every((mode) => offered.has(mode));
}

/** The static properties: class, access modes, size, volume mode, selector and a named volume. */
export function volumeMatchesClaim(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const wantedName = claim.spec?.volumeName;
  if (wantedName && wantedName !== pv.metadata.name) return false;
  if (volumeClassName(pv) !== claimClassName(claim)) return false;
  if ((pv.spec?.volumeMode ?? DEFAULT_VOLUME_MODE) !== (claim.spec?.volumeMode ?? DEFAULT_VOLUME_MODE)) return false;
  if (claim.spec?.selector && !labelSelectorMatches(claim.spec.selector, pv.metadata.labels)) return false;
  return hasAccessModes(pv, claim) && hasCapacityFor(pv, claim);
}

function capacityOf(pv: PersistentVolume): string {
  const capacity = pv.spec?.capacity?.storage ?? '0';
  return isValidQuantity(capacity) ? capacity : '0';
}

/**
 * The volume to bind the claim to among `volumes`: one already reserved for it
 * wins, else the smallest free match (then the first name, so the choice is
 * stable). `accept` adds the caller's conditions (a node, volumes taken meanwhile).
 */
export function findMatchingVolume(
  claim: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  accept: (pv: PersistentVolume) => boolean = () => true,
): PersistentVolume | undefined {
  const candidates = volumes.filter((pv) => isVolumeFreeFor(pv, claim) && volumeMatchesClaim(pv, claim) && accept(pv));
  const reserved = candidates.find((pv) => isReservedFor(pv, claim));
  if (reserved) return reserved;
  candidates.sort((a, b) => compareQuantities(capacityOf(a), capacityOf(b)) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  return candidates[0];
}
