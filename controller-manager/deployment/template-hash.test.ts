import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeTemplateHash, equalIgnoreHash, stableJson } from './template-hash.js';
import { lastRevision, setNewReplicaSetAnnotations } from './annotations.js';
import type { Deployment, ReplicaSet } from '../../api/types/index.js';

const template = { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } };

test('the hash is stable across key order, differs by content and collision count, uses the safe alphabet', () => {
  const reordered = { spec: { containers: [{ image: 'i:1', name: 'c' }] }, metadata: { labels: { app: 'a' } } };
  assert.equal(computeTemplateHash(template), computeTemplateHash(reordered));
  assert.notEqual(computeTemplateHash(template), computeTemplateHash({ ...template, spec: { containers: [{ name: 'c', image: 'i:2' }] } }));
  assert.notEqual(computeTemplateHash(template), computeTemplateHash(template, 1));
  assert.match(computeTemplateHash(template), /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(stableJson({ b: 1, a: [2, { d: 1, c: 2 }] }), '{"a":[2,{"c":2,"d":1}],"b":1}');
});

test('equalIgnoreHash ignores only the pod-template-hash label', () => {
  const hashed = { ...template, metadata: { labels: { app: 'a', 'pod-template-hash': 'xyz' } } };
  assert.equal(equalIgnoreHash(template, hashed), true);
  assert.equal(equalIgnoreHash(template, { ...template, metadata: { labels: { app: 'b' } } }), false);
});

test('revision annotations: copied, bumped, history kept', () => {
  const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', annotations: { 'kubernetes.io/change-cause': 'why', 'deployment.kubernetes.io/revision': '9' } }, spec: { replicas: 3, selector: {}, template } } as Deployment;
  const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r', annotations: { 'deployment.kubernetes.io/revision': '1' } }, spec: { selector: {}, template } } as ReplicaSet;
  assert.equal(setNewReplicaSetAnnotations(d, rs, 3, true, 1), true);
  assert.deepEqual(rs.metadata.annotations, { 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1', 'kubernetes.io/change-cause': 'why' });
  assert.equal(setNewReplicaSetAnnotations(d, rs, 3, true, 1), false);
  const withRev = (n: number) => ({ metadata: { annotations: { 'deployment.kubernetes.io/revision': String(n) } } }) as unknown as ReplicaSet;
  assert.equal(lastRevision([withRev(1), withRev(4), withRev(2)]), 2);
});
