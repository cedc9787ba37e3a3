import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/index.js';
import type { NodeInfo } from '../framework/node-info.js';
import { newPodInfo } from '../framework/pod-info.js';
import { makeNode, makePod } from '../../testkit/objects/scheduling-objects.js';
import { filterVerdicts, nodeInfo } from '../framework/framework-fixtures.js';
import { podTopologySpread } from './pod-topology-spread.js';

const ZONE = 'topology.kubernetes.io/zone';

function spreadPod(name: string, maxSkew: number, extra: Record<string, unknown> = {}): Pod {
  return makePod(name, {
    labels: { app: 'web', 'pod-template-hash': 'v1' },
    spec: {
      topologySpreadConstraints: [
        { maxSkew, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...extra },
      ],
    },
  });
}

function web(name: string, node: string, labels: Record<string, string> = { app: 'web' }): Pod {
  return makePod(name, { labels, nodeName: node });
}

function verdicts(pod: Pod, nodes: NodeInfo[]): Record<string, string | null> {
  const info = newPodInfo(pod);
  const results = filterVerdicts(podTopologySpread, info, nodes);
  return Object.fromEntries(nodes.map((n, i) => [n.name, results[i]?.reasons[0] ?? null]));
}

function zoned(name: string, zone: string, pods: Pod[] = [], labels: Record<string, string> = {}): NodeInfo {
  return nodeInfo(makeNode(name, { labels: { [ZONE]: zone, ...labels } }), pods);
}

test('maxSkew 1: only the least populated zone takes the next pod', () => {
  const nodes = [zoned('a1', 'a', [web('w1', 'a1'), web('w2', 'a1')]), zoned('b1', 'b', [web('w3', 'b1')]), zoned('c1', 'c')];
  assert.deepEqual(verdicts(spreadPod('p', 1), nodes), {
    a1: "node(s) didn't match pod topology spread constraints",
    b1: "node(s) didn't match pod topology spread constraints",
    c1: null,
  });
  assert.deepEqual(verdicts(spreadPod('p', 2), nodes), { a1: "node(s) didn't match pod topology spread constraints", b1: null, c1: null });
});

test('a node without the topology key is rejected with the missing-label reason', () => {
  const nodes = [zoned('a1', 'a'), nodeInfo(makeNode('bare'))];
  assert.deepEqual(verdicts(spreadPod('p', 1), nodes), {
    a1: null,
    bare: "node(s) didn't match pod topology spread constraints (missing required label)",
  });
});

test('only pods matching the selector in the same namespace count', () => {
  const other = makePod('o', { labels: { app: 'web' }, nodeName: 'a1', namespace: 'elsewhere' });
  const nodes = [zoned('a1', 'a', [web('x', 'a1', { app: 'db' }), other]), zoned('b1', 'b')];
  assert.deepEqual(verdicts(spreadPod('p', 1), nodes), { a1: null, b1: null });
});

test('domains excluded by the pod node selector do not count (nodeAffinityPolicy Honor)', () => {
  const nodes = [zoned('a1', 'a', [web('w1', 'a1')], { pool: 'x' }), zoned('b1', 'b', [], { pool: 'y' })];
  const pod = spreadPod('p', 1);
  pod.spec.nodeSelector = { pool: 'x' };
  // Only zone a is a domain, so its minimum is its own count and the skew stays 1.
  assert.equal(verdicts(pod, nodes).a1, null);
});

test('minDomains: with fewer domains than asked, the minimum counts as 0', () => {
  const nodes = [zoned('a1', 'a', [web('w1', 'a1')]), zoned('b1', 'b', [web('w2', 'b1')])];
  assert.deepEqual(verdicts(spreadPod('p', 1), nodes), { a1: null, b1: null });
  assert.deepEqual(verdicts(spreadPod('p', 1, { minDomains: 3 }), nodes), {
    a1: "node(s) didn't match pod topology spread constraints",
    b1: "node(s) didn't match pod topology spread constraints",
  });
});

test('ScheduleAnyway constraints never reject', () => {
  const nodes = [zoned('a1', 'a', [web('w1', 'a1'), web('w2', 'a1')]), zoned('b1', 'b')];
  assert.deepEqual(verdicts(spreadPod('p', 1, { whenUnsatisfiable: 'ScheduleAnyway' }), nodes), { a1: null, b1: null });
});

test('matchLabelKeys narrow the count to pods sharing the pod values', () => {
  const old = { app: 'web', 'pod-template-hash': 'v0' };
  const nodes = [zoned('a1', 'a', [web('w1', 'a1', old), web('w2', 'a1', old)]), zoned('b1', 'b')];
  assert.equal(verdicts(spreadPod('p', 1), nodes).a1, "node(s) didn't match pod topology spread constraints");
  assert.equal(verdicts(spreadPod('p', 1, { matchLabelKeys: ['pod-template-hash'] }), nodes).a1, null);
});
