import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from '../../api/types/index.js';
import { newReplicaSetReplicas, proportionalSizes, rollingScaleDown } from './replica-math.js';
import { resolveFenceposts } from './fenceposts.js';
import { scaledValue } from '../../api/scaled-value.js';

function d(replicas: number, maxSurge: number | string, maxUnavailable: number | string, statusReplicas = replicas): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: { replicas, selector: {}, template: { spec: { containers: [] } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } },
    status: { replicas: statusReplicas },
  };
}

function rs(name: string, replicas: number, available: number, created: string, maxReplicas?: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, creationTimestamp: created, ...(maxReplicas !== undefined ? { annotations: { 'deployment.kubernetes.io/max-replicas': String(maxReplicas) } } : {}) },
    spec: { replicas, selector: {}, template: { spec: { containers: [] } } },
    status: { replicas, availableReplicas: available },
  };
}

test('fenceposts: surge rounds up, unavailable down, never both zero', () => {
  assert.equal(scaledValue('25%', 10, true), 3);
  assert.equal(scaledValue('25%', 10, false), 2);
  assert.deepEqual(resolveFenceposts(d(10, '25%', '25%')), [3, 2]);
  assert.deepEqual(resolveFenceposts(d(1, 0, '25%')), [0, 1]);
});

test('the new ReplicaSet grows up to replicas + maxSurge', () => {
  const dep = d(10, 3, 2);
  const old = rs('old', 10, 10, '2026-01-01T00:00:00Z');
  const fresh = rs('new', 0, 0, '2026-01-02T00:00:00Z');
  assert.equal(newReplicaSetReplicas(dep, [old, fresh], fresh), 3);
  assert.equal(newReplicaSetReplicas(dep, [rs('old', 8, 8, '2026-01-01T00:00:00Z'), rs('new', 3, 0, '2026-01-02T00:00:00Z')], rs('new', 3, 0, 'x')), 5);
});

test('old ReplicaSets shrink only while replicas - maxUnavailable stay available', () => {
  const dep = d(10, 3, 2);
  const fresh = rs('new', 3, 0, '2026-01-02T00:00:00Z');
  assert.deepEqual([...rollingScaleDown(dep, [rs('old', 10, 10, '2026-01-01T00:00:00Z')], fresh)], [['old', 8]]);
  const stuck = rs('new', 5, 0, '2026-01-02T00:00:00Z');
  assert.equal(rollingScaleDown(dep, [rs('old', 8, 8, '2026-01-01T00:00:00Z')], stuck).size, 0);
});

test('stale status above spec is not counted as available', () => {
  const dep = d(4, 1, 0);
  const old = rs('old', 3, 4, '2026-01-01T00:00:00Z');
  const fresh = rs('new', 2, 1, '2026-01-02T00:00:00Z');
  // truly available: 3 + 1 = 4 = minAvailable: nothing more may go.
  assert.equal(rollingScaleDown(dep, [old], fresh).size, 0);
});

test('proportional scaling shares a resize by size', () => {
  const dep = d(20, 3, 2, 13);
  const sizes = proportionalSizes(dep, [rs('old', 8, 8, '2026-01-01T00:00:00Z', 13), rs('new', 5, 0, '2026-01-02T00:00:00Z', 13)]);
  assert.deepEqual(Object.fromEntries(sizes), { old: 14, new: 9 });
  const down = proportionalSizes(d(5, 3, 2, 13), [rs('old', 8, 8, '2026-01-01T00:00:00Z', 13), rs('new', 5, 0, '2026-01-02T00:00:00Z', 13)]);
  assert.equal([...down.values()].reduce((a, b) => a + b, 0), 8);
});
