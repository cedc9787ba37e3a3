import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeNode, makePod } from '../../testkit/objects/scheduling-objects.js';
import { nodeInfo, podInfo } from '../framework/framework-fixtures.js';
import { ownerSpread } from './owner-spread.js';

test('nodes with fewer siblings of the same owner score higher', () => {
  const nodes = [
    nodeInfo(makeNode('two'), [makePod('a', { ownerUid: 'rs1', nodeName: 'two' }), makePod('b', { ownerUid: 'rs1', nodeName: 'two' })]),
    nodeInfo(makeNode('one'), [makePod('c', { ownerUid: 'rs1', nodeName: 'one' }), makePod('x', { ownerUid: 'other', nodeName: 'one' })]),
    nodeInfo(makeNode('none'), [makePod('y', { ownerUid: 'other', nodeName: 'none' })]),
  ];
  const pod = podInfo('p', { ownerUid: 'rs1' });
  const scores = nodes.map((n) => ownerSpread.score(pod, n, undefined));
  assert.deepEqual(scores, [2, 1, 0]);
  ownerSpread.normalize!(scores, nodes);
  assert.deepEqual(scores, [0, 50, 100]);
});

test('a pod without a controller owner scores every node the same', () => {
  const nodes = [nodeInfo(makeNode('a'), [makePod('a', { nodeName: 'a' })]), nodeInfo(makeNode('b'))];
  const scores = nodes.map((n) => ownerSpread.score(podInfo('p'), n, undefined));
  ownerSpread.normalize!(scores, nodes);
  assert.deepEqual(scores, [100, 100]);
});

test('with zone labels, the zone count weighs two thirds of the score', () => {
  const zone = (z: string) => ({ labels: { 'topology.kubernetes.io/zone': z } });
  const nodes = [
    nodeInfo(makeNode('a1', zone('a')), [makePod('p1', { ownerUid: 'rs', nodeName: 'a1' })]),
    nodeInfo(makeNode('a2', zone('a')), [makePod('p2', { ownerUid: 'rs', nodeName: 'a2' })]),
    nodeInfo(makeNode('b1', zone('b')), [makePod('p3', { ownerUid: 'rs', nodeName: 'b1' })]),
    nodeInfo(makeNode('a3', zone('a'))),
  ];
  const pod = podInfo('p', { ownerUid: 'rs' });
  const scores = nodes.map((n) => ownerSpread.score(pod, n, undefined));
  ownerSpread.normalize!(scores, nodes);
  // zone a holds 2, zone b 1: a1/a2 0; b1 node 0 + zone 50 -> 33; a3 node 100 + zone 0 -> 33
  assert.deepEqual(scores, [0, 0, 33, 33]);
});
