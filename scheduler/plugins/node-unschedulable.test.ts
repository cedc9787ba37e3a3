import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNode } from '../../testkit/objects/scheduling-objects.js';
import { nodeInfo, podInfo } from '../framework/framework-fixtures.js';
import { ERR_REASON_UNSCHEDULABLE, nodeUnschedulable } from './node-unschedulable.js';

test('a cordoned node is rejected with the Kubernetes reason', () => {
  assert.deepEqual(nodeUnschedulable.filter(podInfo('p'), nodeInfo(makeNode('n1', { unschedulable: true }))), {
    reasons: ['node(s) were unschedulable'],
  });
  assert.equal(ERR_REASON_UNSCHEDULABLE, 'node(s) were unschedulable');
});

test('an uncordoned node passes', () => {
  assert.equal(nodeUnschedulable.filter(podInfo('p'), nodeInfo(makeNode('n1'))), null);
});

test('a pod tolerating the unschedulable taint passes a cordoned node', () => {
  const pod = podInfo('ds', {
    spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] },
  });
  assert.equal(nodeUnschedulable.filter(pod, nodeInfo(makeNode('n1', { unschedulable: true }))), null);
});
