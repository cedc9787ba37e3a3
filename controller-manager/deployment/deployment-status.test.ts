import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from '../../api/types/index.js';
import { calculateStatus, hasTimedOut, updateProgressing } from './deployment-status.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');

function dep(status: Deployment['status'] = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', generation: 2 },
    spec: { replicas: 4, selector: {}, template: { spec: { containers: [] } }, progressDeadlineSeconds: 60 },
    status,
  };
}

function rs(replicas: number, ready: number): ReplicaSet {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' }, spec: { replicas, selector: {}, template: { spec: { containers: [] } } }, status: { replicas, readyReplicas: ready, availableReplicas: ready } };
}

test('counts and the Available condition', () => {
  const s = calculateStatus(dep(), [rs(4, 3)], rs(4, 3), NOW);
  assert.equal(s.observedGeneration, 2);
  assert.equal(s.updatedReplicas, 4);
  assert.equal(s.unavailableReplicas, 1);
  assert.equal(s.conditions?.find((c) => c.type === 'Available')?.status, 'True');
  const low = calculateStatus(dep(), [rs(4, 1)], rs(4, 1), NOW);
  assert.equal(low.conditions?.find((c) => c.type === 'Available')?.reason, 'MinimumReplicasUnavailable');
});

test('Progressing: complete, then timed out when nothing moved for the deadline', () => {
  const done = calculateStatus(dep(), [rs(4, 4)], rs(4, 4), NOW);
  updateProgressing(dep(), done, rs(4, 4), NOW);
  assert.equal(done.conditions?.find((c) => c.type === 'Progressing')?.reason, 'NewReplicaSetAvailable');

  const lastUpdate = '2026-01-01T00:08:00Z';
  const old = dep({ replicas: 4, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: lastUpdate, lastTransitionTime: lastUpdate }] });
  const s = calculateStatus(old, [rs(2, 2), rs(2, 0)], rs(2, 0), NOW);
  s.updatedReplicas = 2;
  assert.equal(hasTimedOut(old, s, NOW), true);
  updateProgressing(old, s, rs(2, 0), NOW);
  const c = s.conditions?.find((x) => x.type === 'Progressing');
  assert.equal(c?.status, 'False');
  assert.equal(c?.reason, 'ProgressDeadlineExceeded');
});
