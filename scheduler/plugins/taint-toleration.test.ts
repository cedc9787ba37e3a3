import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Taint, Toleration } from '../../api/types/index.js';
import { makeNode } from '../../testkit/objects/scheduling-objects.js';
import { nodeInfo, podInfo, pluginScores } from '../framework/framework-fixtures.js';
import { taintTolerationFilter, taintTolerationScore } from './taint-toleration.js';
import { toleratesTaint } from '../../api/scheduling/tolerations.js';

const dedicated: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

test('an untolerated NoSchedule taint rejects the node, naming the taint', () => {
  assert.deepEqual(taintTolerationFilter.filter(podInfo('p'), nodeInfo(makeNode('n', { taints: [dedicated] }))), {
    reasons: ['node(s) had untolerated taint {dedicated: gpu}'],
  });
});

test('an untolerated NoExecute taint rejects the node; PreferNoSchedule does not', () => {
  const noExec: Taint = { key: 'k', effect: 'NoExecute' };
  assert.deepEqual(taintTolerationFilter.filter(podInfo('p'), nodeInfo(makeNode('n', { taints: [noExec] }))), {
    reasons: ['node(s) had untolerated taint {k: }'],
  });
  const prefer: Taint = { key: 'k', effect: 'PreferNoSchedule' };
  assert.equal(taintTolerationFilter.filter(podInfo('p'), nodeInfo(makeNode('n', { taints: [prefer] }))), null);
});

test('Equal and Exists tolerations', () => {
  const equal: Toleration = { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' };
  const wrongValue: Toleration = { key: 'dedicated', operator: 'Equal', value: 'cpu', effect: 'NoSchedule' };
  const exists: Toleration = { key: 'dedicated', operator: 'Exists' };
  const everything: Toleration = { operator: 'Exists' };
  const wrongEffect: Toleration = { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' };
  assert.equal(toleratesTaint(equal, dedicated), true);
  assert.equal(toleratesTaint(wrongValue, dedicated), false);
  assert.equal(toleratesTaint(exists, dedicated), true);
  assert.equal(toleratesTaint(everything, dedicated), true);
  assert.equal(toleratesTaint(wrongEffect, dedicated), false);
  const pod = podInfo('p', { spec: { tolerations: [equal] } });
  assert.equal(taintTolerationFilter.filter(pod, nodeInfo(makeNode('n', { taints: [dedicated] }))), null);
});

test('PreferNoSchedule taints lower the score; tolerated ones do not', () => {
  const prefer: Taint = { key: 'spot', value: 'true', effect: 'PreferNoSchedule' };
  const nodes = [nodeInfo(makeNode('clean')), nodeInfo(makeNode('spot', { taints: [prefer] }))];
  const plain = podInfo('p');
  assert.deepEqual(pluginScores(taintTolerationScore, plain, nodes), [100, 0]);
  const tolerant = podInfo('t', { spec: { tolerations: [{ key: 'spot', operator: 'Exists', effect: 'PreferNoSchedule' }] } });
  assert.deepEqual(pluginScores(taintTolerationScore, tolerant, nodes), [100, 100]);
});
