import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod, Taint, Toleration } from '../../api/types/index.js';
import { evictionTime } from './eviction.js';
import { NodeHealth, reconcileTaints, unknownConditions, wantedConditionTaints } from './node-health.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' };

function pod(tolerations: Toleration[]): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [], tolerations } };
}

test('eviction: at once without a toleration, after tolerationSeconds with one, never without a limit', () => {
  assert.equal(evictionTime(pod([]), [unreachable], T0 + 5), T0 + 5);
  assert.equal(evictionTime(pod([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]), [unreachable], T0), T0 + 300_000);
  assert.equal(evictionTime(pod([{ operator: 'Exists' }]), [unreachable], T0), undefined);
  assert.equal(evictionTime(pod([]), [{ key: 'x', effect: 'NoSchedule' }], T0), undefined);
});

test('health: silence counts from the last change seen, by our clock', () => {
  const h = new NodeHealth();
  const node: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
  const lease = (t: string) => ({ apiVersion: 'coordination.k8s.io/v1' as const, kind: 'Lease' as const, metadata: { name: 'n' }, spec: { renewTime: t } });
  assert.equal(h.silenceMs(node, lease('a'), 1_000), 0);
  assert.equal(h.silenceMs(node, lease('a'), 5_000), 4_000);
  assert.equal(h.silenceMs(node, lease('b'), 6_000), 0);
});

test('Ready=Unknown brings the unreachable taints; Ready=True removes them', () => {
  const node: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { taints: [{ key: 'dedicated', effect: 'NoSchedule' }] }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
  const unknown: Node = { ...node, status: { conditions: unknownConditions(node, T0) } };
  assert.equal(unknown.status?.conditions?.[0]?.status, 'Unknown');
  const taints = reconcileTaints(unknown, wantedConditionTaints(unknown, T0));
  assert.deepEqual(taints?.map((t) => `${t.key}:${t.effect}`), ['dedicated:NoSchedule', 'node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  const back: Node = { ...node, spec: { taints } };
  assert.deepEqual(reconcileTaints(back, wantedConditionTaints(back, T0)), [{ key: 'dedicated', effect: 'NoSchedule' }]);
  assert.equal(reconcileTaints(node, wantedConditionTaints(node, T0)), undefined);
});
