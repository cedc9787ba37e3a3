// Storage: v1 PersistentVolume (a piece of storage in the cluster),
// PersistentVolumeClaim (a request for one) and storage.k8s.io/v1 StorageClass
// (how volumes of a class are provisioned).
import type { KubeObject, LabelSelector } from './meta.js';
import type { ObjectReference } from './node.js';
import type { HostPathVolumeSource, NodeSelectorTerm } from './pod.js';

export type PersistentVolumeAccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod';
export type PersistentVolumeReclaimPolicy = 'Retain' | 'Delete' | 'Recycle';
export type PersistentVolumeMode = 'Filesystem' | 'Block';
export type PersistentVolumePhase = 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed';
export type PersistentVolumeClaimPhase = 'Pending' | 'Bound' | 'Lost';
export type VolumeBindingMode = 'Immediate' | 'WaitForFirstConsumer';

/** `{storage: "10Gi"}`: the only resource a volume has. */
export type StorageResources = { storage?: string } & Record<string, string>;

export interface NodeSelector {
  nodeSelectorTerms: NodeSelectorTerm[];
}

/** The nodes a volume can be reached from; a local volume must say. */
export interface VolumeNodeAffinity {
  required?: NodeSelector;
}

/** A directory or disk on one node, reachable only there (hence its node affinity). */
export interface LocalVolumeSource {
  path: string;
  fsType?: string;
}

export interface PersistentVolumeSpec {
  capacity?: StorageResources;
  accessModes?: PersistentVolumeAccessMode[];
  /** Retain unless set (Delete for volumes a provisioner creates, copied from their class). */
  persistentVolumeReclaimPolicy?: PersistentVolumeReclaimPolicy;
  storageClassName?: string;
  volumeMode?: PersistentVolumeMode;
  /** The claim this volume is bound (or reserved) to: namespace, name and, once bound, uid. */
  claimRef?: ObjectReference;
  nodeAffinity?: VolumeNodeAffinity;
  mountOptions?: string[];
  volumeAttributesClassName?: string;
  /** The sources Flotilla mounts; the other in-tree and CSI sources are stored but not mounted. */
  hostPath?: HostPathVolumeSource;
  local?: LocalVolumeSource;
}

export interface PersistentVolumeStatus {
  phase?: PersistentVolumePhase;
  message?: string;
  reason?: string;
  lastPhaseTransitionTime?: string;
}

export interface PersistentVolume extends KubeObject {
  apiVersion: 'v1';
  kind: 'PersistentVolume';
  spec?: PersistentVolumeSpec;
  status?: PersistentVolumeStatus;
}

export interface VolumeResourceRequirements {
  requests?: StorageResources;
  limits?: StorageResources;
}

export interface PersistentVolumeClaimSpec {
  accessModes?: PersistentVolumeAccessMode[];
  selector?: LabelSelector;
  resources?: VolumeResourceRequirements;
  /** Set once the claim is bound (or by the user, to ask for one volume). */
  volumeName?: string;
  /** Absent: the default class, filled at create; "": only volumes without a class. */
  storageClassName?: string;
  volumeMode?: PersistentVolumeMode;
  volumeAttributesClassName?: string;
}

export interface PersistentVolumeClaimCondition {
  type: string;
  status: string;
  lastProbeTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface PersistentVolumeClaimStatus {
  phase?: PersistentVolumeClaimPhase;
  accessModes?: PersistentVolumeAccessMode[];
  capacity?: StorageResources;
  conditions?: PersistentVolumeClaimCondition[];
}

export interface PersistentVolumeClaim extends KubeObject {
  apiVersion: 'v1';
  kind: 'PersistentVolumeClaim';
  spec?: PersistentVolumeClaimSpec;
  status?: PersistentVolumeClaimStatus;
}

export interface TopologySelectorLabelRequirement {
  key: string;
  values: string[];
}

export interface TopologySelectorTerm {
  matchLabelExpressions?: TopologySelectorLabelRequirement[];
}

export interface StorageClass extends KubeObject {
  apiVersion: 'storage.k8s.io/v1';
  kind: 'StorageClass';
  provisioner: string;
  parameters?: Record<string, string>;
  /** Delete unless set; only Delete and Retain. */
  reclaimPolicy?: 'Delete' | 'Retain';
  mountOptions?: string[];
  allowVolumeExpansion?: boolean;
  /** Immediate unless set. */
  volumeBindingMode?: VolumeBindingMode;
  allowedTopologies?: TopologySelectorTerm[];
}
