import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNode } from '../../testkit/objects/scheduling-objects.js';
import { nodeInfo, podInfo } from '../framework/framework-fixtures.js';
import { ERR_REASON_NOT_READY, nodeReady } from './node-ready.js';

test('a Ready node passes', () => {
  assert.equal(nodeReady.filter(podInfo('p'), nodeInfo(makeNode('n1'))), null);
});

test('a node whose Ready condition is False or Unknown is rejected', () => {
  for (const status of ['False', 'Unknown'] as const) {
    assert.deepEqual(nodeReady.filter(podInfo('p'), nodeInfo(makeNode('n1', { ready: status }))), { reasons: [ERR_REASON_NOT_READY] });
  }
});

test('a node without any Ready condition is not rejected', () => {
  assert.equal(nodeReady.filter(podInfo('p'), nodeInfo(makeNode('n1', { ready: 'absent' }))), null);
});

test('a pod tolerating the not-ready taint may go to a not-ready node', () => {
  const pod = podInfo('ds', { spec: { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }] } });
  assert.equal(nodeReady.filter(pod, nodeInfo(makeNode('n1', { ready: 'False' }))), null);
});
