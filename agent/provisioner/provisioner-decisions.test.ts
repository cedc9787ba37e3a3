import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types/storage.js';
import { decideClaim, shouldDeleteVolume, volumeFor, volumeNode } from './provisioner-decisions.js';

const PROVISIONER = 'flotilla.io/local-path';

function cls(mode: 'Immediate' | 'WaitForFirstConsumer', extra: Partial<StorageClass> = {}): StorageClass {
  return { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: PROVISIONER, reclaimPolicy: 'Delete', volumeBindingMode: mode, ...extra };
}

function claim(annotations: Record<string, string>, extra: Partial<PersistentVolumeClaim['metadata']> = {}): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'ns', uid: 'u-1', annotations, ...extra },
    spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '2Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem' },
  };
}

const ASKED = { 'volume.kubernetes.io/storage-provisioner': PROVISIONER };
const HERE = { ...ASKED, 'volume.kubernetes.io/selected-node': 'n1' };
const ctx = (storageClass: StorageClass | undefined, volumeExists = false) => ({ nodeName: 'n1', storageClass, path: '/vols/pvc-u-1', volumeExists });

test('a claim selected onto this node is provisioned; another node\'s is not', () => {
  const d = decideClaim(claim(HERE), ctx(cls('WaitForFirstConsumer')));
  assert.equal(d.action, 'provision');
  assert.equal(decideClaim(claim({ ...ASKED, 'volume.kubernetes.io/selected-node': 'n2' }), ctx(cls('WaitForFirstConsumer'))).action, 'ignore');
});

test('claims of other provisioners, bound, deleted, or with the volume already made are left alone', () => {
  assert.equal(decideClaim(claim({ 'volume.kubernetes.io/storage-provisioner': 'other.io/x', 'volume.kubernetes.io/selected-node': 'n1' }), ctx(cls('WaitForFirstConsumer'))).action, 'ignore');
  assert.equal(decideClaim(claim(HERE, { deletionTimestamp: '2026-01-01T00:00:00Z' }), ctx(cls('WaitForFirstConsumer'))).action, 'ignore');
  assert.equal(decideClaim(claim(HERE), ctx(cls('WaitForFirstConsumer'), true)).action, 'ignore');
  assert.equal(decideClaim(claim(HERE), ctx(undefined)).action, 'ignore');
  const bound = claim(HERE);
  bound.spec = { ...bound.spec, volumeName: 'pvc-u-1' };
  assert.equal(decideClaim(bound, ctx(cls('WaitForFirstConsumer'))).action, 'ignore');
});

test('the beta annotation names the provisioner too', () => {
  const beta = claim({ 'volume.beta.kubernetes.io/storage-provisioner': PROVISIONER, 'volume.kubernetes.io/selected-node': 'n1' });
  assert.equal(decideClaim(beta, ctx(cls('WaitForFirstConsumer'))).action, 'provision');
});

test('an Immediate claim without a node gets a warning that the class needs WaitForFirstConsumer; a waiting one nothing', () => {
  const d = decideClaim(claim(ASKED), ctx(cls('Immediate')));
  assert.equal(d.action, 'warn');
  assert.match(d.action === 'warn' ? d.message : '', /WaitForFirstConsumer/);
  assert.equal(decideClaim(claim(ASKED), ctx(cls('WaitForFirstConsumer'))).action, 'ignore');
});

test('the volume: named after the claim uid, the claim\'s size and modes, the class\'s policy and options, pinned to the node, reserved for the claim', () => {
  const v = volumeFor(claim(HERE), cls('WaitForFirstConsumer', { reclaimPolicy: 'Retain', mountOptions: ['noatime'] }), 'n1', '/vols/pvc-u-1');
  assert.equal(v.metadata.name, 'pvc-u-1');
  assert.equal(v.metadata.annotations?.['pv.kubernetes.io/provisioned-by'], PROVISIONER);
  assert.deepEqual(v.spec?.capacity, { storage: '2Gi' });
  assert.deepEqual(v.spec?.accessModes, ['ReadWriteMany']);
  assert.equal(v.spec?.persistentVolumeReclaimPolicy, 'Retain');
  assert.deepEqual(v.spec?.mountOptions, ['noatime']);
  assert.equal(v.spec?.storageClassName, 'standard');
  assert.deepEqual(v.spec?.hostPath, { path: '/vols/pvc-u-1', type: 'DirectoryOrCreate' });
  assert.deepEqual(v.spec?.claimRef, { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: 'ns', name: 'data', uid: 'u-1' });
  assert.equal(volumeNode(v), 'n1');
});

function released(v: PersistentVolume, phase = 'Released', policy: 'Delete' | 'Retain' = 'Delete'): PersistentVolume {
  return { ...v, spec: { ...v.spec, persistentVolumeReclaimPolicy: policy }, status: { phase: phase as 'Released' } };
}

test('only our Released Delete volumes of this node, not yet being deleted, are deleted here', () => {
  const v = volumeFor(claim(HERE), cls('WaitForFirstConsumer'), 'n1', '/vols/pvc-u-1');
  assert.equal(shouldDeleteVolume(released(v), 'n1'), true);
  assert.equal(shouldDeleteVolume(released(v), 'n2'), false);
  assert.equal(shouldDeleteVolume(released(v, 'Bound'), 'n1'), false);
  assert.equal(shouldDeleteVolume(released(v, 'Released', 'Retain'), 'n1'), false);
  const going = released(v);
  assert.equal(shouldDeleteVolume({ ...going, metadata: { ...going.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } }, 'n1'), false);
  const foreign = released(v);
  assert.equal(shouldDeleteVolume({ ...foreign, metadata: { name: foreign.metadata.name } }, 'n1'), false);
});
