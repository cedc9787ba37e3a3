import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/index.js';
import type { NodeInfo } from '../framework/node-info.js';
import { newPodInfo } from '../framework/pod-info.js';
import { makeNode, makePod } from '../../testkit/objects/scheduling-objects.js';
import { nodeInfo, pluginScores } from '../framework/framework-fixtures.js';
import { interPodAffinityScore } from './inter-pod-affinity-score.js';

const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

function scored(pod: Pod, nodes: NodeInfo[]): number[] {
  const info = newPodInfo(pod);
  return pluginScores(interPodAffinityScore, info, nodes);
}

function preferring(kind: 'podAffinity' | 'podAntiAffinity', labels: Record<string, string>, topologyKey: string, weight = 50): Pod {
  const pod = makePod('p', { labels: { app: 'p' } });
  pod.spec.affinity = {
    [kind]: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight, podAffinityTerm: { labelSelector: { matchLabels: labels }, topologyKey } }] },
  };
  return pod;
}

test('preferred affinity pulls towards the zone of matching pods', () => {
  const nodes = [
    nodeInfo(makeNode('a1', { labels: { [ZONE]: 'a' } }), [makePod('db', { labels: { app: 'db' }, nodeName: 'a1' })]),
    nodeInfo(makeNode('a2', { labels: { [ZONE]: 'a' } })),
    nodeInfo(makeNode('b1', { labels: { [ZONE]: 'b' } })),
  ];
  assert.deepEqual(scored(preferring('podAffinity', { app: 'db' }, ZONE), nodes), [100, 100, 0]);
});

test('preferred anti-affinity pushes away from nodes with matching pods', () => {
  const nodes = [nodeInfo(makeNode('n1'), [makePod('w', { labels: { app: 'web' }, nodeName: 'n1' })]), nodeInfo(makeNode('n2'))];
  assert.deepEqual(scored(preferring('podAntiAffinity', { app: 'web' }, HOST), nodes), [0, 100]);
});

test("existing pods' preferred terms count for the incoming pod (symmetry)", () => {
  const shy = preferring('podAntiAffinity', { app: 'p' }, HOST);
  shy.metadata.name = 'shy';
  shy.metadata.labels = { app: 'shy' };
  shy.spec.nodeName = 'n1';
  const nodes = [nodeInfo(makeNode('n1'), [shy]), nodeInfo(makeNode('n2'))];
  assert.deepEqual(scored(makePod('p', { labels: { app: 'p' } }), nodes), [0, 100]);
});

test('no terms anywhere: every node scores 0', () => {
  const nodes = [nodeInfo(makeNode('n1'), [makePod('x', { nodeName: 'n1' })]), nodeInfo(makeNode('n2'))];
  assert.deepEqual(scored(makePod('p'), nodes), [0, 0]);
});
