import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/index.js';
import type { NodeInfo } from '../framework/node-info.js';
import { newPodInfo } from '../framework/pod-info.js';
import { makeNode, makePod } from '../../testkit/objects/scheduling-objects.js';
import { nodeInfo, pluginScores } from '../framework/framework-fixtures.js';
import { podTopologySpreadScore } from './pod-topology-spread-score.js';

const ZONE = 'topology.kubernetes.io/zone';

function softPod(): Pod {
  return makePod('p', {
    labels: { app: 'web' },
    spec: {
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }],
    },
  });
}

function scored(pod: Pod, nodes: NodeInfo[]): number[] {
  const info = newPodInfo(pod);
  return pluginScores(podTopologySpreadScore, info, nodes);
}

function web(name: string, node: string): Pod {
  return makePod(name, { labels: { app: 'web' }, nodeName: node });
}

test('the emptier zone scores highest; a node without the key scores 0', () => {
  const nodes = [
    nodeInfo(makeNode('a1', { labels: { [ZONE]: 'a' } }), [web('w1', 'a1'), web('w2', 'a1')]),
    nodeInfo(makeNode('b1', { labels: { [ZONE]: 'b' } }), [web('w3', 'b1')]),
    nodeInfo(makeNode('c1', { labels: { [ZONE]: 'c' } })),
    nodeInfo(makeNode('bare')),
  ];
  const [a, b, c, bare] = scored(softPod(), nodes);
  assert.ok(c! > b! && b! > a!, `scores a=${a} b=${b} c=${c}`);
  assert.equal(c, 100);
  assert.equal(bare, 0);
});

test('a pod without soft constraints scores every node the same', () => {
  const nodes = [nodeInfo(makeNode('a1', { labels: { [ZONE]: 'a' } }), [web('w1', 'a1')]), nodeInfo(makeNode('b1', { labels: { [ZONE]: 'b' } }))];
  const scores = scored(makePod('p'), nodes);
  assert.equal(scores[0], scores[1]);
});
