import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNode } from '../../testkit/objects/scheduling-objects.js';
import { ASSIGNED_POD_DELETE, mayHelp, NODE_ADD, nodeUpdateEvent } from './cluster-event.js';

test('node updates name the plugins whose verdict they may change', () => {
  const base = makeNode('n');
  assert.equal(nodeUpdateEvent(base, makeNode('n')), undefined, 'a heartbeat-like no-op update helps nobody');
  assert.deepEqual([...nodeUpdateEvent(base, makeNode('n', { labels: { a: 'b' } }))!.plugins!], ['NodeAffinity', 'InterPodAffinity', 'PodTopologySpread']);
  assert.deepEqual([...nodeUpdateEvent(base, makeNode('n', { cpu: '8' }))!.plugins!], ['NodeResourcesFit']);
  assert.deepEqual([...nodeUpdateEvent(base, makeNode('n', { unschedulable: true }))!.plugins!], ['NodeUnschedulable']);
  assert.deepEqual([...nodeUpdateEvent(base, makeNode('n', { ready: 'False' }))!.plugins!], ['NodeReady']);
  assert.deepEqual([...nodeUpdateEvent(base, makeNode('n', { taints: [{ key: 'k', effect: 'NoSchedule' }] }))!.plugins!], ['TaintToleration', 'PodTopologySpread']);
});

test('mayHelp', () => {
  assert.equal(mayHelp(NODE_ADD, new Set(['NodeAffinity'])), true);
  assert.equal(mayHelp(ASSIGNED_POD_DELETE, new Set(['NodeAffinity'])), false);
  assert.equal(mayHelp(ASSIGNED_POD_DELETE, new Set(['NodeAffinity', 'NodePorts'])), true);
  assert.equal(mayHelp(ASSIGNED_POD_DELETE, new Set()), true, 'a pod that failed for no known plugin is always retried');
});
