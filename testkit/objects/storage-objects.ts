// Small builders for claims, volumes and classes in unit tests.
import type { PersistentVolume, PersistentVolumeClaim, StorageClass, VolumeBindingMode } from '../../api/types/storage.js';
import type { Pod } from '../../api/types/index.js';
import { makePod } from './scheduling-objects.js';

export interface ClaimShape {
  namespace?: string;
  className?: string;
  size?: string;
  volumeName?: string;
  annotations?: Record<string, string>;
}

/** A claim; with `volumeName` it is Bound to that volume. */
export function makeClaim(name: string, shape: ClaimShape = {}): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: shape.namespace ?? 'default', uid: `uid-${name}`, resourceVersion: '1', annotations: shape.annotations },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: shape.size ?? '1Gi' } },
      ...(shape.className !== undefined ? { storageClassName: shape.className } : {}),
      ...(shape.volumeName ? { volumeName: shape.volumeName } : {}),
    },
    status: { phase: shape.volumeName ? 'Bound' : 'Pending' },
  };
}

export interface VolumeShape {
  className?: string;
  size?: string;
  /** The node a local volume sits on (node affinity on kubernetes.io/hostname). */
  node?: string;
  claim?: PersistentVolumeClaim;
}

export function makeVolume(name: string, shape: VolumeShape = {}): PersistentVolume {
  const claim = shape.claim;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: {
      capacity: { storage: shape.size ?? '1Gi' },
      accessModes: ['ReadWriteOnce', 'ReadWriteMany'],
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: shape.className ?? '',
      hostPath: { path: `/tmp/${name}` },
      ...(shape.node
        ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [shape.node] }] }] } } }
        : {}),
      ...(claim
        ? { claimRef: { kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid } }
        : {}),
    },
    status: { phase: claim ? 'Bound' : 'Available' },
  };
}

export function makeStorageClass(name: string, mode: VolumeBindingMode, provisioner = 'flotilla.io/local-path'): StorageClass {
  return { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner, reclaimPolicy: 'Delete', volumeBindingMode: mode };
}

/** A pod whose volume `data` (or one per name) mounts each claim. */
export function makeClaimPod(name: string, ...claimNames: string[]): Pod {
  return makePod(name, { spec: { volumes: claimNames.map((claimName, i) => ({ name: `data-${i}`, persistentVolumeClaim: { claimName } })) } });
}
