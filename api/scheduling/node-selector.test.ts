import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, NodeSelectorRequirement, PodSpec } from '../types/index.js';
import { anyTermMatches, matchesNodeSelectorAndAffinity, matchesNodeSelectorLabels, requirementMatches, termMatches } from './node-selector.js';

function node(name: string, labels: Record<string, string> = {}): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels } };
}

function req(operator: NodeSelectorRequirement['operator'], values?: string[]): NodeSelectorRequirement {
  return { key: 'k', operator, values };
}

test('requirement operators', () => {
  assert.equal(requirementMatches(req('In', ['a', 'b']), 'b'), true);
  assert.equal(requirementMatches(req('In', ['a']), undefined), false);
  assert.equal(requirementMatches(req('NotIn', ['a']), undefined), true);
  assert.equal(requirementMatches(req('NotIn', ['a']), 'a'), false);
  assert.equal(requirementMatches(req('Exists'), ''), true);
  assert.equal(requirementMatches(req('DoesNotExist'), ''), false);
  assert.equal(requirementMatches(req('Gt', ['5']), '6'), true);
  assert.equal(requirementMatches(req('Lt', ['5']), '6'), false);
  assert.equal(requirementMatches(req('Gt', ['-2']), '+0'), true);
});

test('Gt and Lt take base-10 integers only, with exactly one value', () => {
  assert.equal(requirementMatches(req('Gt', ['5']), '1e3'), false);
  assert.equal(requirementMatches(req('Gt', ['5']), '0x10'), false);
  assert.equal(requirementMatches(req('Gt', ['5']), '7.5'), false);
  assert.equal(requirementMatches(req('Gt', ['5', '6']), '7'), false);
  assert.equal(requirementMatches(req('Gt', ['5']), undefined), false);
});

test('terms: expressions ANDed, empty term matches nothing, fields only metadata.name with In/NotIn', () => {
  const n = node('n1', { zone: 'a', disk: 'ssd' });
  assert.equal(termMatches({}, n), false);
  assert.equal(termMatches({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'Exists' }] }, n), true);
  assert.equal(termMatches({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'gpu', operator: 'Exists' }] }, n), false);
  assert.equal(termMatches({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }, n), true);
  assert.equal(termMatches({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }] }, n), false);
  assert.equal(termMatches({ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }, n), false);
  assert.equal(termMatches({ matchFields: [{ key: 'spec.unschedulable', operator: 'NotIn', values: ['true'] }] }, n), false);
  assert.equal(anyTermMatches([{}, { matchExpressions: [{ key: 'zone', operator: 'Exists' }] }], n), true);
  assert.equal(anyTermMatches([], n), false);
});

test('labels inherited from Object.prototype are not node labels', () => {
  const n = node('n1');
  assert.equal(termMatches({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }, n), false);
  assert.equal(matchesNodeSelectorLabels({ toString: 'x' }, n), false);
});

test('nodeSelector and required node affinity together', () => {
  const n = node('n1', { disk: 'ssd' });
  const spec = (extra: Partial<PodSpec>): Pick<PodSpec, 'nodeSelector' | 'affinity'> => extra;
  assert.equal(matchesNodeSelectorAndAffinity(spec({}), n), true);
  assert.equal(matchesNodeSelectorAndAffinity(spec({ nodeSelector: { disk: 'ssd' } }), n), true);
  assert.equal(matchesNodeSelectorAndAffinity(spec({ nodeSelector: { disk: 'hdd' } }), n), false);
  const affinity = (terms: NonNullable<NonNullable<PodSpec['affinity']>['nodeAffinity']>['requiredDuringSchedulingIgnoredDuringExecution']) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } });
  assert.equal(matchesNodeSelectorAndAffinity(spec({ affinity: affinity({ nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] }) }), n), true);
  assert.equal(matchesNodeSelectorAndAffinity(spec({ nodeSelector: { disk: 'ssd' }, affinity: affinity({ nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }] }) }), n), false);
  assert.equal(matchesNodeSelectorAndAffinity(spec({ affinity: affinity({ nodeSelectorTerms: [] }) }), n), false);
});
