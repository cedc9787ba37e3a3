import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from './types/index.js';
import { isNodeReady, isPodReady, nodeReadyCondition, podReadyCondition } from './ready-conditions.js';

const pod = (status?: 'True' | 'False'): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [] },
  status: status ? { conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status }] } : {},
});
const node = (status?: 'True' | 'Unknown'): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: status ? { conditions: [{ type: 'Ready', status }] } : undefined });

test('a pod or node is ready only with Ready=True', () => {
  assert.equal(isPodReady(pod('True')), true);
  assert.equal(isPodReady(pod('False')), false);
  assert.equal(isPodReady(pod()), false);
  assert.equal(podReadyCondition(pod('False'))?.status, 'False');
  assert.equal(isNodeReady(node('True')), true);
  assert.equal(isNodeReady(node('Unknown')), false);
  assert.equal(isNodeReady(node()), false);
  assert.equal(nodeReadyCondition(node()), undefined);
});
