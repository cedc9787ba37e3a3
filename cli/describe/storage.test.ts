import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/pod.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types/storage.js';
import { describePersistentVolume, describePersistentVolumeClaim, describeStorageClass } from './storage.js';

process.env.TZ = 'UTC';
const NOW = new Date('2026-03-01T12:00:00Z');

const claim: PersistentVolumeClaim = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', namespace: 'default', finalizers: ['kubernetes.io/pvc-protection'], annotations: { 'pv.kubernetes.io/bind-completed': 'yes' } },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem', volumeName: 'pvc-1' },
  status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] },
};

function pod(name: string, namespace: string, claimName: string): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { containers: [], volumes: [{ name: 'v', persistentVolumeClaim: { claimName } }] } } as Pod;
}

test('describe pvc: class, status, volume, capacity, modes, and the pods that use it', () => {
  const out = describePersistentVolumeClaim(claim, [pod('writer', 'default', 'data'), pod('other', 'default', 'logs'), pod('elsewhere', 'prod', 'data')], [], NOW);
  assert.match(out, /^Name:\s+data$/m);
  assert.match(out, /^StorageClass:\s+standard$/m);
  assert.match(out, /^Status:\s+Bound$/m);
  assert.match(out, /^Volume:\s+pvc-1$/m);
  assert.match(out, /^Finalizers:\s+\[kubernetes.io\/pvc-protection\]$/m);
  assert.match(out, /^Capacity:\s+1Gi$/m);
  assert.match(out, /^Access Modes:\s+RWO$/m);
  assert.match(out, /^Used By:\s+writer$/m);
  assert.doesNotMatch(out, /other|elsewhere/);
  assert.match(describePersistentVolumeClaim(claim, [], [], NOW), /^Used By:\s+<none>$/m);
});

test('describe pv: claim, policy, node affinity and source', () => {
  const pv: PersistentVolume = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pvc-1' },
    spec: {
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce', 'ReadWriteMany'],
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
      claimRef: { namespace: 'default', name: 'data' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n1'] }] }] } },
      hostPath: { path: '/vols/pvc-1', type: 'DirectoryOrCreate' },
    },
    status: { phase: 'Bound' },
  };
  const out = describePersistentVolume(pv, [], NOW);
  assert.match(out, /^Claim:\s+default\/data$/m);
  assert.match(out, /^Reclaim Policy:\s+Delete$/m);
  assert.match(out, /^Access Modes:\s+RWO,RWX$/m);
  assert.match(out, /^\s+Term 0:\s+kubernetes.io\/hostname in \[n1\]$/m);
  assert.match(out, /^\s+Path:\s+\/vols\/pvc-1$/m);
  assert.match(out, /^\s+HostPathType:\s+DirectoryOrCreate$/m);
});

test('describe sc: default marker, provisioner, policy and binding mode', () => {
  const sc: StorageClass = {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'flotilla.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
  const out = describeStorageClass(sc, [], NOW);
  assert.match(out, /^IsDefaultClass:\s+Yes$/m);
  assert.match(out, /^Provisioner:\s+flotilla.io\/local-path$/m);
  assert.match(out, /^Parameters:\s+<none>$/m);
  assert.match(out, /^VolumeBindingMode:\s+WaitForFirstConsumer$/m);
});
