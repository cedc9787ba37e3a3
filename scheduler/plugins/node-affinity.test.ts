import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeSelectorRequirement } from '../../api/types/index.js';
import { makeNode } from '../../testkit/objects/scheduling-objects.js';
import { nodeInfo, podInfo } from '../framework/framework-fixtures.js';
import { ERR_REASON_AFFINITY, nodeAffinityFilter, nodeAffinityScore } from './node-affinity.js';

const REJECT = { reasons: ["node(s) didn't match Pod's node affinity/selector"] };

function required(...matchExpressions: NodeSelectorRequirement[]) {
  return podInfo('p', {
    spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } } },
  });
}

test('nodeSelector needs every label with the same value', () => {
  const pod = podInfo('p', { spec: { nodeSelector: { disk: 'ssd', zone: 'a' } } });
  assert.equal(nodeAffinityFilter.filter(pod, nodeInfo(makeNode('n', { labels: { disk: 'ssd', zone: 'a', x: 'y' } }))), null);
  assert.deepEqual(nodeAffinityFilter.filter(pod, nodeInfo(makeNode('n', { labels: { disk: 'ssd' } }))), REJECT);
  assert.deepEqual(nodeAffinityFilter.filter(pod, nodeInfo(makeNode('n', { labels: { disk: 'hdd', zone: 'a' } }))), REJECT);
  assert.equal(ERR_REASON_AFFINITY, REJECT.reasons[0]);
});

test('In and NotIn', () => {
  const inPod = required({ key: 'zone', operator: 'In', values: ['a', 'b'] });
  assert.equal(nodeAffinityFilter.filter(inPod, nodeInfo(makeNode('n', { labels: { zone: 'b' } }))), null);
  assert.deepEqual(nodeAffinityFilter.filter(inPod, nodeInfo(makeNode('n', { labels: { zone: 'c' } }))), REJECT);
  assert.deepEqual(nodeAffinityFilter.filter(inPod, nodeInfo(makeNode('n'))), REJECT);
  const notIn = required({ key: 'zone', operator: 'NotIn', values: ['a'] });
  assert.equal(nodeAffinityFilter.filter(notIn, nodeInfo(makeNode('n', { labels: { zone: 'b' } }))), null);
  assert.equal(nodeAffinityFilter.filter(notIn, nodeInfo(makeNode('n'))), null, 'NotIn matches a missing label');
  assert.deepEqual(nodeAffinityFilter.filter(notIn, nodeInfo(makeNode('n', { labels: { zone: 'a' } }))), REJECT);
});

test('Exists and DoesNotExist', () => {
  const exists = required({ key: 'gpu', operator: 'Exists' });
  assert.equal(nodeAffinityFilter.filter(exists, nodeInfo(makeNode('n', { labels: { gpu: '' } }))), null);
  assert.deepEqual(nodeAffinityFilter.filter(exists, nodeInfo(makeNode('n'))), REJECT);
  const absent = required({ key: 'gpu', operator: 'DoesNotExist' });
  assert.equal(nodeAffinityFilter.filter(absent, nodeInfo(makeNode('n'))), null);
  assert.deepEqual(nodeAffinityFilter.filter(absent, nodeInfo(makeNode('n', { labels: { gpu: 'x' } }))), REJECT);
});

test('Gt and Lt compare integers and reject non-integers', () => {
  const gt = required({ key: 'cores', operator: 'Gt', values: ['4'] });
  assert.equal(nodeAffinityFilter.filter(gt, nodeInfo(makeNode('n', { labels: { cores: '8' } }))), null);
  assert.deepEqual(nodeAffinityFilter.filter(gt, nodeInfo(makeNode('n', { labels: { cores: '4' } }))), REJECT);
  assert.deepEqual(nodeAffinityFilter.filter(gt, nodeInfo(makeNode('n', { labels: { cores: 'many' } }))), REJECT);
  const lt = required({ key: 'cores', operator: 'Lt', values: ['4'] });
  assert.equal(nodeAffinityFilter.filter(lt, nodeInfo(makeNode('n', { labels: { cores: '2' } }))), null);
  assert.deepEqual(nodeAffinityFilter.filter(lt, nodeInfo(makeNode('n', { labels: { cores: '10' } }))), REJECT);
});

test('terms are ORed, requirements in a term ANDed, an empty term matches nothing', () => {
  const pod = podInfo('p', {
    spec: {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }] },
              { matchExpressions: [{ key: 'c', operator: 'Exists' }] },
            ],
          },
        },
      },
    },
  });
  assert.deepEqual(nodeAffinityFilter.filter(pod, nodeInfo(makeNode('n', { labels: { a: '1' } }))), REJECT);
  assert.equal(nodeAffinityFilter.filter(pod, nodeInfo(makeNode('n', { labels: { a: '1', b: '1' } }))), null);
  assert.equal(nodeAffinityFilter.filter(pod, nodeInfo(makeNode('n', { labels: { c: '1' } }))), null);
  const empty = podInfo('p', {
    spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } },
  });
  assert.deepEqual(nodeAffinityFilter.filter(empty, nodeInfo(makeNode('n'))), REJECT);
});

test('matchFields on metadata.name', () => {
  const pod = podInfo('p', {
    spec: {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }],
          },
        },
      },
    },
  });
  assert.deepEqual(nodeAffinityFilter.filter(pod, nodeInfo(makeNode('n1'))), REJECT);
  assert.equal(nodeAffinityFilter.filter(pod, nodeInfo(makeNode('n2'))), null);
});

test('preferred affinity scores the sum of matching weights, normalized to 100', () => {
  const pod = podInfo('p', {
    spec: {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
            { weight: 30, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
          ],
        },
      },
    },
  });
  const nodes = [
    nodeInfo(makeNode('both', { labels: { zone: 'a', disk: 'ssd' } })),
    nodeInfo(makeNode('zone', { labels: { zone: 'a' } })),
    nodeInfo(makeNode('none')),
  ];
  const scores = nodes.map((n) => nodeAffinityScore.score(pod, n, undefined));
  assert.deepEqual(scores, [40, 10, 0]);
  nodeAffinityScore.normalize!(scores, nodes);
  assert.deepEqual(scores, [100, 25, 0]);
});
