import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNode, makePod } from '../../testkit/objects/scheduling-objects.js';
import { nodeInfo, podInfo } from '../framework/framework-fixtures.js';
import { leastAllocated, leastRequestedScore } from './least-allocated.js';

test('leastRequestedScore is the free share in percent', () => {
  assert.equal(leastRequestedScore(0, 1000), 100);
  assert.equal(leastRequestedScore(250, 1000), 75);
  assert.equal(leastRequestedScore(1000, 1000), 0);
  assert.equal(leastRequestedScore(2000, 1000), 0);
  assert.equal(leastRequestedScore(1, 0), 0);
});

test('the emptier node scores higher', () => {
  const pod = podInfo('p', { cpu: '1', memory: '1Gi' });
  const empty = nodeInfo(makeNode('empty', { cpu: '4', memory: '4Gi' }));
  const busy = nodeInfo(makeNode('busy', { cpu: '4', memory: '4Gi' }), [makePod('a', { cpu: '2', memory: '2Gi', nodeName: 'busy' })]);
  // empty: cpu (4-1)/4 = 75, mem 75 -> 75; busy: (4-3)/4 = 25 each -> 25
  assert.equal(leastAllocated.score(pod, empty, undefined), 75);
  assert.equal(leastAllocated.score(pod, busy, undefined), 25);
});

test('containers without requests count the defaults (100m, 200Mi)', () => {
  const node = nodeInfo(makeNode('n', { cpu: '1', memory: '2000Mi' }));
  // cpu (1000-100)/1000 = 90, memory (2000-200)/2000 = 90
  assert.equal(leastAllocated.score(podInfo('p'), node, undefined), 90);
});
