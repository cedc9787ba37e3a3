import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, PodAffinityTerm } from '../../api/types/index.js';
import { newPodInfo } from '../framework/pod-info.js';
import type { NodeInfo } from '../framework/node-info.js';
import { makeNode, makePod } from '../../testkit/objects/scheduling-objects.js';
import { filterVerdicts, nodeInfo } from '../framework/framework-fixtures.js';
import { interPodAffinity } from './inter-pod-affinity.js';

const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

function term(labels: Record<string, string>, topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm {
  return { labelSelector: { matchLabels: labels }, topologyKey, ...extra };
}

function withAffinity(name: string, labels: Record<string, string>, affinity: PodAffinityTerm[], anti: PodAffinityTerm[], nodeName?: string): Pod {
  const pod = makePod(name, { labels, ...(nodeName ? { nodeName } : {}) });
  pod.spec.affinity = {
    ...(affinity.length > 0 ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: affinity } } : {}),
    ...(anti.length > 0 ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: anti } } : {}),
  };
  return pod;
}

/** Filter verdicts per node name: null for fits, else the reason. */
function verdicts(pod: Pod, nodes: NodeInfo[]): Record<string, string | null> {
  const info = newPodInfo(pod);
  const results = filterVerdicts(interPodAffinity, info, nodes);
  return Object.fromEntries(nodes.map((n, i) => [n.name, results[i]?.reasons[0] ?? null]));
}

function zoned(name: string, zone: string, pods: Pod[] = []): NodeInfo {
  return nodeInfo(makeNode(name, { labels: { [ZONE]: zone } }), pods);
}

test('anti-affinity on hostname keeps replicas on different nodes', () => {
  const nodes = [
    nodeInfo(makeNode('n1'), [makePod('web-1', { labels: { app: 'web' }, nodeName: 'n1' })]),
    nodeInfo(makeNode('n2')),
  ];
  const pod = withAffinity('web-2', { app: 'web' }, [], [term({ app: 'web' }, HOST)]);
  assert.deepEqual(verdicts(pod, nodes), { n1: "node(s) didn't match pod anti-affinity rules", n2: null });
});

test('affinity on zone needs a matching pod in the same zone', () => {
  const nodes = [zoned('a1', 'a', [makePod('db', { labels: { app: 'db' }, nodeName: 'a1' })]), zoned('a2', 'a'), zoned('b1', 'b'), nodeInfo(makeNode('nozone'))];
  const pod = withAffinity('api', { app: 'api' }, [term({ app: 'db' }, ZONE)], []);
  assert.deepEqual(verdicts(pod, nodes), {
    a1: null,
    a2: null,
    b1: "node(s) didn't match pod affinity rules",
    nozone: "node(s) didn't match pod affinity rules",
  });
});

test('the first pod of a group with affinity to itself may go anywhere with the key', () => {
  const nodes = [zoned('a1', 'a'), zoned('b1', 'b')];
  const first = withAffinity('cache-1', { app: 'cache' }, [term({ app: 'cache' }, ZONE)], []);
  assert.deepEqual(verdicts(first, nodes), { a1: null, b1: null });
  const stranger = withAffinity('other', { app: 'other' }, [term({ app: 'cache' }, ZONE)], []);
  assert.deepEqual(verdicts(stranger, nodes), { a1: "node(s) didn't match pod affinity rules", b1: "node(s) didn't match pod affinity rules" });
});

test("an existing pod's anti-affinity repels a matching newcomer from its domain", () => {
  const loner = withAffinity('loner', { app: 'loner' }, [], [term({ app: 'noisy' }, ZONE)], 'a1');
  const nodes = [zoned('a1', 'a', [loner]), zoned('a2', 'a'), zoned('b1', 'b')];
  assert.deepEqual(verdicts(makePod('noisy', { labels: { app: 'noisy' } }), nodes), {
    a1: "node(s) didn't satisfy existing pods anti-affinity rules",
    a2: "node(s) didn't satisfy existing pods anti-affinity rules",
    b1: null,
  });
  assert.deepEqual(verdicts(makePod('quiet', { labels: { app: 'quiet' } }), nodes), { a1: null, a2: null, b1: null });
});

test('terms look in the pod own namespace unless they list namespaces', () => {
  const elsewhere = makePod('web-1', { labels: { app: 'web' }, nodeName: 'n1', namespace: 'other' });
  const nodes = [nodeInfo(makeNode('n1'), [elsewhere]), nodeInfo(makeNode('n2'))];
  const sameNs = withAffinity('web-2', { app: 'web' }, [], [term({ app: 'web' }, HOST)]);
  assert.deepEqual(verdicts(sameNs, nodes), { n1: null, n2: null });
  const listed = withAffinity('web-3', { app: 'web' }, [], [term({ app: 'web' }, HOST, { namespaces: ['other'] })]);
  assert.deepEqual(verdicts(listed, nodes), { n1: "node(s) didn't match pod anti-affinity rules", n2: null });
});

test('with mutual anti-affinity the newcomer own rule is reported first', () => {
  const anti = [term({ app: 'web' }, HOST)];
  const nodes = [nodeInfo(makeNode('n1'), [withAffinity('web-1', { app: 'web' }, [], anti, 'n1')])];
  assert.deepEqual(verdicts(withAffinity('web-2', { app: 'web' }, [], anti), nodes), { n1: "node(s) didn't match pod anti-affinity rules" });
});
