import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FitError, fitErrorMessage, type NodeRejection } from './fit-error.js';

test("counts reasons and sorts them as kube-scheduler's FitError does", () => {
  const rejections = new Map<string, NodeRejection>([
    ['n1', { plugin: 'NodeAffinity', reasons: ["node(s) didn't match Pod's node affinity/selector"] }],
    ['n2', { plugin: 'NodeResourcesFit', reasons: ['Insufficient memory'] }],
    ['n3', { plugin: 'NodeResourcesFit', reasons: ['Insufficient memory'] }],
  ]);
  assert.equal(
    fitErrorMessage(3, rejections),
    "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient memory.",
  );
});

test('a node with several reasons counts each of them', () => {
  const rejections = new Map<string, NodeRejection>([
    ['n1', { plugin: 'NodeResourcesFit', reasons: ['Insufficient cpu', 'Insufficient memory'] }],
    ['n2', { plugin: 'NodeResourcesFit', reasons: ['Insufficient cpu'] }],
  ]);
  const err = new FitError(2, rejections);
  assert.equal(err.message, '0/2 nodes are available: 1 Insufficient memory, 2 Insufficient cpu.');
  assert.deepEqual([...err.unschedulablePlugins()], ['NodeResourcesFit']);
});

test('no nodes at all', () => {
  assert.equal(fitErrorMessage(0, new Map()), 'no nodes available to schedule pods');
});
