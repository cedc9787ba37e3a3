import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/index.js';
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/types/storage.js';
import { claimMayBeReleased, volumeMayBeReleased, withoutFinalizer } from './protection-rules.js';

const DELETED = '2026-01-01T00:00:00Z';

function claim(deleting: boolean, finalizers = ['kubernetes.io/pvc-protection']): PersistentVolumeClaim {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'ns', finalizers, ...(deleting ? { deletionTimestamp: DELETED } : {}) }, spec: {} };
}

function pod(name: string, claimName: string, phase: string, namespace = 'ns'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: { containers: [{ name: 'c', image: 'busybox' }], volumes: [{ name: 'v', persistentVolumeClaim: { claimName } }] },
    status: { phase },
  } as Pod;
}

function volume(phase: string, deleting: boolean): PersistentVolume {
  return { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv', finalizers: ['kubernetes.io/pv-protection'], ...(deleting ? { deletionTimestamp: DELETED } : {}) }, status: { phase: phase as 'Bound' } };
}

test('a claim being deleted is held while a pod that may still run uses it', () => {
  assert.equal(claimMayBeReleased(claim(true), [pod('p', 'data', 'Running')]), false);
  assert.equal(claimMayBeReleased(claim(true), [pod('p', 'data', 'Pending')]), false);
  assert.equal(claimMayBeReleased(claim(true), [pod('p', 'data', 'Succeeded'), pod('q', 'data', 'Failed')]), true);
  assert.equal(claimMayBeReleased(claim(true), [pod('p', 'other', 'Running'), pod('q', 'data', 'Running', 'elsewhere')]), true);
  assert.equal(claimMayBeReleased(claim(true), []), true);
});

test('only a claim being deleted and holding the finalizer is released', () => {
  assert.equal(claimMayBeReleased(claim(false), []), false);
  assert.equal(claimMayBeReleased(claim(true, []), []), false);
});

test('a volume being deleted is held while Bound', () => {
  assert.equal(volumeMayBeReleased(volume('Bound', true)), false);
  assert.equal(volumeMayBeReleased(volume('Released', true)), true);
  assert.equal(volumeMayBeReleased(volume('Available', true)), true);
  assert.equal(volumeMayBeReleased(volume('Available', false)), false);
});

test('withoutFinalizer copies and keeps the other finalizers', () => {
  const c = claim(true, ['a', 'kubernetes.io/pvc-protection', 'b']);
  const next = withoutFinalizer(c, 'kubernetes.io/pvc-protection');
  assert.deepEqual(next.metadata.finalizers, ['a', 'b']);
  assert.deepEqual(c.metadata.finalizers, ['a', 'kubernetes.io/pvc-protection', 'b']);
});
