import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultFilterPlugins, defaultScorePlugins } from '../plugins/default-plugins.js';
import { makeNode, makePod } from '../../testkit/objects/scheduling-objects.js';
import { nodeInfo, podInfo } from './framework-fixtures.js';
import { FitError } from './fit-error.js';
import { Framework } from './framework.js';
import type { NodeInfo } from './node-info.js';

function framework(random = Math.random) {
  return new Framework({ filters: defaultFilterPlugins(), scorers: defaultScorePlugins(), random });
}

test('picks the only node that passes every filter', () => {
  const nodes = [
    nodeInfo(makeNode('small', { memory: '1Gi' })),
    nodeInfo(makeNode('cordoned', { unschedulable: true })),
    nodeInfo(makeNode('right', { memory: '8Gi' })),
  ];
  assert.equal(framework().schedule(podInfo('p', { memory: '2Gi' }), nodes).nodeName, 'right');
});

test('no fit: FitError with the Kubernetes message', () => {
  const nodes = [
    nodeInfo(makeNode('a', { memory: '1Gi', labels: { disk: 'ssd' } })),
    nodeInfo(makeNode('b', { memory: '1Gi', labels: { disk: 'ssd' } })),
    nodeInfo(makeNode('c', { memory: '8Gi' })),
  ];
  const pod = podInfo('p', { memory: '2Gi', spec: { nodeSelector: { disk: 'ssd' } } });
  assert.throws(
    () => framework().schedule(pod, nodes),
    (err: unknown) =>
      err instanceof FitError &&
      err.message === "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient memory.",
  );
});

test('prefers the emptier node', () => {
  const nodes = [
    nodeInfo(makeNode('busy'), [makePod('x', { cpu: '3', memory: '6Gi', nodeName: 'busy' })]),
    nodeInfo(makeNode('idle')),
  ];
  for (let i = 0; i < 10; i++) assert.equal(framework().schedule(podInfo('p', { cpu: '500m', memory: '1Gi' }), nodes).nodeName, 'idle');
});

test('ties are broken at random across the tied nodes', () => {
  const nodes: NodeInfo[] = ['a', 'b', 'c'].map((n) => nodeInfo(makeNode(n)));
  const seen = new Set<string>();
  const fw = framework();
  for (let i = 0; i < 200; i++) seen.add(fw.schedule(podInfo('p'), nodes).nodeName);
  assert.deepEqual([...seen].sort(), ['a', 'b', 'c']);
});

test('in a large cluster only part of the nodes is evaluated, and the start rotates', () => {
  const nodes = Array.from({ length: 1000 }, (_, i) => nodeInfo(makeNode(`n${i}`)));
  const fw = framework();
  const first = fw.findNodesThatFit(podInfo('p'), nodes);
  assert.equal(first.evaluated, 420);
  assert.equal(first.feasible[0]!.name, 'n0');
  const second = fw.findNodesThatFit(podInfo('p'), nodes);
  assert.equal(second.feasible[0]!.name, 'n420');
});

test('when few nodes fit, every node is evaluated and every rejection is reported', () => {
  const nodes = Array.from({ length: 300 }, (_, i) => nodeInfo(makeNode(`n${i}`, i === 299 ? {} : { unschedulable: true })));
  const result = framework().findNodesThatFit(podInfo('p'), nodes);
  assert.equal(result.evaluated, 300);
  assert.equal(result.feasible.length, 1);
  assert.equal(result.rejections.size, 299);
});
