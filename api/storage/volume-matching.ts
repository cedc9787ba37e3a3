// Which volume a claim may bind to, as Kubernetes' volume binding decides it:
// enough capacity, every requested access mode, the same class ("" matches
// only ""), the same volume mode, the claim's label selector, and (once a node
// is known) the volume's node affinity. Among the fitting free volumes the
// smallest wins, so large volumes stay for large claims. Pure functions: the
// PV controller and the scheduler both ask them.
import { labelSelectorMatches } from '../labels/label-selector.js';
import { compareQuantities, isValidQuantity } from '../quantity.js';
import { anyTermMatches } from '../scheduling/node-selector.js';
import type { KubeObject, Node, ObjectReference } from '../types/index.js';
import type { PersistentVolume, PersistentVolumeClaim, PersistentVolumeMode } from '../types/storage.js';
import { BETA_STORAGE_CLASS_ANNOTATION } from './names.js';

const DEFAULT_MODE: PersistentVolumeMode = 'Filesystem';
const NO_SIZE = '0';

/** The class the beta annotation or spec names ("": none), the annotation first as Kubernetes reads it. */
function classOf(obj: KubeObject, specClass: string | undefined): string {
  return obj.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? specClass ?? '';
}

export function claimClass(claim: PersistentVolumeClaim): string {
  return classOf(claim, claim.spec?.storageClassName);
}

export function volumeClass(volume: PersistentVolume): string {
  return classOf(volume, volume.spec?.storageClassName);
}

function sizeText(value: string | undefined): string {
  return value !== undefined && isValidQuantity(value) ? value : NO_SIZE;
}

export function requestedSize(claim: PersistentVolumeClaim): string {
  return sizeText(claim.spec?.resources?.requests?.storage);
}

export function volumeSize(volume: PersistentVolume): string {
  return sizeText(volume.spec?.capacity?.storage);
}

/** The volume's claimRef names this claim, and no other incarnation of it (no uid yet, or this uid). */
/** The reference a volume bound to this claim carries in spec.claimRef. */
export function claimRefFor(claim: PersistentVolumeClaim): ObjectReference {
  return {
    kind: 'PersistentVolumeClaim',
    apiVersion: 'v1',
    namespace: claim.metadata.namespace,
    name: claim.metadata.name,
    uid: claim.metadata.uid,
    resourceVersion: claim.metadata.resourceVersion,
  };
}

export function isVolumeBoundToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref || ref.name !== claim.metadata.name || (ref.namespace ?? '') !== (claim.metadata.namespace ?? '')) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

/** Whether the claim has its volume: spec.volumeName set and phase Bound. */
export function isClaimBound(claim: PersistentVolumeClaim): boolean {
  return Boolean(claim.spec?.volumeName) && claim.status?.phase === 'Bound';
}

/** A volume without required node affinity is reachable from every node. */
export function volumeReachableFrom(volume: PersistentVolume, node: Node): boolean {
  const terms = volume.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  return !terms || anyTermMatches(terms, node);
}

function accessModesCovered(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  const offered = new Set(volume.spec?.accessModes ?? []);
  return (claim.spec?.accessModes ?? []).every((mode) => offered.has(mode));
}

/**
 * Why this volume cannot serve the claim (undefined: it can), apart from who
 * it is bound to: the check of a claim that names its volume.
 */
export function volumeMismatch(volume: PersistentVolume, claim: PersistentVolumeClaim, node?: Node): string | undefined {
  if (compareQuantities(volumeSize(volume), requestedSize(claim)) < 0) {
    return `requested PV is too small: it has ${volumeSize(volume)}, the claim asks for ${requestedSize(claim)}`;
  }
  if (volumeClass(volume) !== claimClass(claim)) return 'storageClassName does not match';
  if ((volume.spec?.volumeMode ?? DEFAULT_MODE) !== (claim.spec?.volumeMode ?? DEFAULT_MODE)) return 'incompatible volumeMode';
  if (!accessModesCovered(claim, volume)) return 'incompatible accessMode';
  if (node && !volumeReachableFrom(volume, node)) return `volume node affinity does not admit node ${node.metadata.name ?? ''}`;
  return undefined;
}

export interface MatchOptions {
  /** The claim's class waits for its first consumer and no node is chosen yet: only volumes already reserved for it. */
  delayBinding: boolean;
  /** The consumer's node: volumes must be reachable from it. */
  node?: Node;
}

function selectorAdmits(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  const selector = claim.spec?.selector;
  return !selector || labelSelectorMatches(selector, volume.metadata.labels);
}

function isCandidate(volume: PersistentVolume, claim: PersistentVolumeClaim, opts: MatchOptions): boolean {
  if (volume.metadata.deletionTimestamp || volume.spec?.claimRef) return false;
  if (opts.delayBinding && !opts.node) return false;
  return selectorAdmits(claim, volume) && volumeMismatch(volume, claim, opts.node) === undefined;
}

/** Smallest first; equal sizes by name, so every caller picks the same volume. */
function smaller(a: PersistentVolume, b: PersistentVolume): boolean {
  const bySize = compareQuantities(volumeSize(a), volumeSize(b));
  return bySize < 0 || (bySize === 0 && (a.metadata.name ?? '') < (b.metadata.name ?? ''));
}

/**
 * The volume this claim should bind to: one already reserved for it (its
 * claimRef names the claim) if any fits, else the smallest free volume that fits.
 */
export function findBestMatch(claim: PersistentVolumeClaim, volumes: readonly PersistentVolume[], opts: MatchOptions): PersistentVolume | undefined {
  let best: PersistentVolume | undefined;
  for (const volume of volumes) {
    if (isVolumeBoundToClaim(volume, claim)) {
      if (!volume.metadata.deletionTimestamp && volumeMismatch(volume, claim, opts.node) === undefined) return volume;
      continue;
    }
    if (isCandidate(volume, claim, opts) && (!best || smaller(volume, best))) best = volume;
  }
  return best;
}
