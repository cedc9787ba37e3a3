import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DaemonSet, Node, PodSpec } from '../../api/types/index.js';
import { daemonTolerations, nodeEligibility } from './node-eligibility.js';

function node(name: string, labels: Record<string, string> = {}, taints: NonNullable<Node['spec']>['taints'] = []): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: { taints } };
}

function ds(spec: Partial<PodSpec> = {}): DaemonSet {
  return { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { selector: {}, template: { spec: { containers: [], ...spec } } } };
}

test('nodeSelector and required node affinity (labels and metadata.name)', () => {
  assert.equal(nodeEligibility(ds({ nodeSelector: { disk: 'ssd' } }), node('a', { disk: 'ssd' })).shouldRun, true);
  assert.equal(nodeEligibility(ds({ nodeSelector: { disk: 'ssd' } }), node('b')).shouldRun, false);
  const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: ['b'] }] }, { matchExpressions: [{ key: 'zone', operator: 'Exists' as const }] }] } } };
  assert.equal(nodeEligibility(ds({ affinity }), node('b')).shouldRun, true);
  assert.equal(nodeEligibility(ds({ affinity }), node('c', { zone: 'x' })).shouldRun, true);
  assert.equal(nodeEligibility(ds({ affinity }), node('d')).shouldRun, false);
});

test('taints: NoSchedule keeps new pods off, NoExecute removes them, tolerations and daemon defaults apply', () => {
  assert.deepEqual(nodeEligibility(ds(), node('a', {}, [{ key: 'k', effect: 'NoSchedule' }])), { shouldRun: false, shouldContinueRunning: true });
  assert.deepEqual(nodeEligibility(ds(), node('a', {}, [{ key: 'k', effect: 'NoExecute' }])), { shouldRun: false, shouldContinueRunning: false });
  assert.deepEqual(nodeEligibility(ds({ tolerations: [{ key: 'k', operator: 'Exists' }] }), node('a', {}, [{ key: 'k', effect: 'NoExecute' }])), { shouldRun: true, shouldContinueRunning: true });
  assert.equal(nodeEligibility(ds(), node('a', {}, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }])).shouldContinueRunning, true);
  assert.equal(daemonTolerations({ containers: [], tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] }).filter((t) => t.key === 'node.kubernetes.io/unreachable').length, 1);
});
