import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNode, makePod } from '../../testkit/objects/scheduling-objects.js';
import { nodeInfo, podInfo } from '../framework/framework-fixtures.js';
import { balancedAllocation, balancedScore } from './balanced-allocation.js';

test('balancedScore is 100 for equal fractions and drops with their spread', () => {
  assert.equal(balancedScore([0.5, 0.5]), 100);
  assert.equal(balancedScore([0.2, 0.6]), 80);
  assert.equal(balancedScore([0, 1]), 50);
  assert.equal(balancedScore([0.5, 3]), 75, 'fractions are capped at 1');
});

test('prefers the node where cpu and memory end up used alike', () => {
  const pod = podInfo('p', { cpu: '1', memory: '1Gi' });
  const balanced = nodeInfo(makeNode('b', { cpu: '4', memory: '4Gi' }));
  const skewed = nodeInfo(makeNode('s', { cpu: '4', memory: '4Gi' }), [makePod('a', { cpu: '2', nodeName: 's' })]);
  const b = balancedAllocation.score(pod, balanced, undefined);
  const s = balancedAllocation.score(pod, skewed, undefined);
  assert.equal(b, 100);
  // cpu 3/4, memory 1/4: std 0.25 -> 75
  assert.equal(s, 75);
});
