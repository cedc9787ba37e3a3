import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from '../types/index.js';
import type { PersistentVolume, PersistentVolumeClaim } from '../types/storage.js';
import { findBestMatch, isVolumeBoundToClaim, volumeMismatch } from './volume-matching.js';

function pv(name: string, size: string, extra: Partial<NonNullable<PersistentVolume['spec']>> = {}, labels?: Record<string, string>): PersistentVolume {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, labels },
    spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], storageClassName: 'manual', volumeMode: 'Filesystem', hostPath: { path: `/srv/${name}` }, ...extra },
    status: { phase: 'Available' },
  };
}

function pvc(size: string, extra: Partial<NonNullable<PersistentVolumeClaim['spec']>> = {}): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'ns', uid: 'claim-uid' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, storageClassName: 'manual', volumeMode: 'Filesystem', ...extra },
  };
}

function node(name: string): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } } } as Node;
}

const onNode = (name: string) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In' as const, values: [name] }] }] } });
const IMMEDIATE = { delayBinding: false };

test('the smallest volume that is large enough wins; ties go to the first name', () => {
  const volumes = [pv('big', '10Gi'), pv('small', '500Mi'), pv('fits-b', '1Gi'), pv('fits-a', '1024Mi')];
  assert.equal(findBestMatch(pvc('1Gi'), volumes, IMMEDIATE)?.metadata.name, 'fits-a');
  assert.equal(findBestMatch(pvc('20Gi'), volumes, IMMEDIATE), undefined);
});

test('access modes must be a superset, classes equal ("" only with ""), volume modes equal', () => {
  const rwx = pv('rwx', '1Gi', { accessModes: ['ReadWriteOnce', 'ReadWriteMany'] });
  const rwo = pv('rwo', '1Gi');
  assert.equal(findBestMatch(pvc('1Gi', { accessModes: ['ReadWriteMany'] }), [rwo, rwx], IMMEDIATE)?.metadata.name, 'rwx');
  assert.equal(findBestMatch(pvc('1Gi', { accessModes: ['ReadWriteMany', 'ReadOnlyMany'] }), [rwo, rwx], IMMEDIATE), undefined);
  const classless = pv('none', '1Gi', { storageClassName: undefined });
  assert.equal(findBestMatch(pvc('1Gi', { storageClassName: '' }), [rwo, classless], IMMEDIATE)?.metadata.name, 'none');
  assert.equal(findBestMatch(pvc('1Gi', { storageClassName: 'other' }), [rwo, classless], IMMEDIATE), undefined);
  assert.equal(findBestMatch(pvc('1Gi', { volumeMode: 'Block' }), [rwo], IMMEDIATE), undefined);
});

test('the selector filters volumes by label; bound, reserved and deleted volumes are not free', () => {
  const fast = pv('fast', '2Gi', {}, { tier: 'fast' });
  const slow = pv('slow', '1Gi', {}, { tier: 'slow' });
  assert.equal(findBestMatch(pvc('1Gi', { selector: { matchLabels: { tier: 'fast' } } }), [fast, slow], IMMEDIATE)?.metadata.name, 'fast');
  const taken = pv('taken', '1Gi', { claimRef: { namespace: 'ns', name: 'other', uid: 'x' } });
  const going = { ...pv('going', '1Gi'), metadata: { name: 'going', deletionTimestamp: '2026-01-01T00:00:00Z' } };
  assert.equal(findBestMatch(pvc('1Gi'), [taken, going], IMMEDIATE), undefined);
});

test('a volume reserved for the claim wins over a smaller free one, but not for another incarnation of the claim', () => {
  const reserved = pv('reserved', '5Gi', { claimRef: { namespace: 'ns', name: 'data' } });
  const free = pv('free', '1Gi');
  assert.equal(findBestMatch(pvc('1Gi'), [free, reserved], IMMEDIATE)?.metadata.name, 'reserved');
  const old = pv('old', '5Gi', { claimRef: { namespace: 'ns', name: 'data', uid: 'gone-uid' } });
  assert.equal(isVolumeBoundToClaim(old, pvc('1Gi')), false);
  assert.equal(findBestMatch(pvc('1Gi'), [old], IMMEDIATE), undefined);
});

test('delayed binding takes only reserved volumes until a node is chosen, then those reachable from it', () => {
  const here = pv('here', '2Gi', { nodeAffinity: onNode('n1') });
  const there = pv('there', '1Gi', { nodeAffinity: onNode('n2') });
  assert.equal(findBestMatch(pvc('1Gi'), [here, there], { delayBinding: true }), undefined);
  assert.equal(findBestMatch(pvc('1Gi'), [here, there], { delayBinding: true, node: node('n1') })?.metadata.name, 'here');
  // Immediate binding ignores node affinity: no node is known.
  assert.equal(findBestMatch(pvc('1Gi'), [here, there], IMMEDIATE)?.metadata.name, 'there');
  const reservedThere = pv('r', '1Gi', { nodeAffinity: onNode('n2'), claimRef: { namespace: 'ns', name: 'data', uid: 'claim-uid' } });
  assert.equal(findBestMatch(pvc('1Gi'), [reservedThere], { delayBinding: true })?.metadata.name, 'r');
  assert.equal(findBestMatch(pvc('1Gi'), [reservedThere], { delayBinding: true, node: node('n1') }), undefined);
});

test('volumeMismatch says why a named volume does not fit', () => {
  assert.match(volumeMismatch(pv('v', '1Gi'), pvc('2Gi')) ?? '', /too small/);
  assert.equal(volumeMismatch(pv('v', '1Gi', { storageClassName: 'x' }), pvc('1Gi')), 'storageClassName does not match');
  assert.equal(volumeMismatch(pv('v', '1Gi'), pvc('1Gi', { accessModes: ['ReadWriteMany'] })), 'incompatible accessMode');
  assert.equal(volumeMismatch(pv('v', '1Gi'), pvc('1Gi')), undefined);
});
