import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNode } from '../../testkit/objects/scheduling-objects.js';
import { nodeInfo, podInfo } from '../framework/framework-fixtures.js';
import { nodeName } from './node-name.js';

test('a pod naming a node fits only that node', () => {
  const pod = podInfo('p', { nodeName: 'n2' });
  assert.deepEqual(nodeName.filter(pod, nodeInfo(makeNode('n1'))), { reasons: ["node(s) didn't match the requested node name"] });
  assert.equal(nodeName.filter(pod, nodeInfo(makeNode('n2'))), null);
});

test('a pod naming no node fits any node', () => {
  assert.equal(nodeName.filter(podInfo('p'), nodeInfo(makeNode('n1'))), null);
});
