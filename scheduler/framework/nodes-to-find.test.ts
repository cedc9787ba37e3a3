import { test } from 'node:test';
import assert from 'node:assert/strict';
import { numFeasibleNodesToFind } from './nodes-to-find.js';

test('small clusters: every node', () => {
  assert.equal(numFeasibleNodesToFind(5), 5);
  assert.equal(numFeasibleNodesToFind(99), 99);
});

test('adaptive percentage as kube-scheduler: 1,000 nodes -> 42 %, 5,000 -> 10 %, floor of 100 nodes and 5 %', () => {
  assert.equal(numFeasibleNodesToFind(1000), 420);
  assert.equal(numFeasibleNodesToFind(5000), 500);
  assert.equal(numFeasibleNodesToFind(200), 100);
  assert.equal(numFeasibleNodesToFind(10000), 500);
});

test('an explicit percentage, and 100 for all', () => {
  assert.equal(numFeasibleNodesToFind(1000, 10), 100);
  assert.equal(numFeasibleNodesToFind(1000, 50), 500);
  assert.equal(numFeasibleNodesToFind(1000, 100), 1000);
});
