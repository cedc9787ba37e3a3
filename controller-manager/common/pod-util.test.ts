import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, PodStatus } from '../../api/types/index.js';
import { compareForDeletion, deletionOrder, isPodActive, isPodAvailable, msUntilAvailable, podCountsChanged } from './pod-util.js';

function pod(name: string, opts: { node?: string; phase?: PodStatus['phase']; readySince?: string; created?: string; restarts?: number } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, creationTimestamp: opts.created ?? '2026-01-01T00:00:00Z' },
    spec: { containers: [{ name: 'c', image: 'i' }], ...(opts.node ? { nodeName: opts.node } : {}) },
    status: {
      phase: opts.phase ?? 'Running',
      conditions: opts.readySince ? [{ type: 'Ready', status: 'True', lastTransitionTime: opts.readySince }] : [{ type: 'Ready', status: 'False' }],
      containerStatuses: [{ name: 'c', ready: true, restartCount: opts.restarts ?? 0, image: 'i', imageID: '' }],
    },
  };
}

test('deletion order: unscheduled, pending, not ready, ready-for-less, more restarts, newer', () => {
  const pods = [
    pod('old-ready', { node: 'n', readySince: '2026-01-01T00:00:00Z' }),
    pod('new-ready', { node: 'n', readySince: '2026-01-02T00:00:00Z' }),
    pod('not-ready', { node: 'n' }),
    pod('pending', { node: 'n', phase: 'Pending' }),
    pod('unscheduled', { phase: 'Pending' }),
    pod('restarty', { node: 'n', restarts: 5 }),
  ];
  const order = [...pods].sort(compareForDeletion).map((p) => p.metadata.name);
  assert.deepEqual(order, ['unscheduled', 'pending', 'restarty', 'not-ready', 'new-ready', 'old-ready']);
});

test('newer pods go first among equals', () => {
  const a = pod('a', { node: 'n', created: '2026-01-01T00:00:00Z' });
  const b = pod('b', { node: 'n', created: '2026-01-03T00:00:00Z' });
  assert.deepEqual([a, b].sort(compareForDeletion).map((p) => p.metadata.name), ['b', 'a']);
});

test('availability honours minReadySeconds', () => {
  const p = pod('p', { node: 'n', readySince: '2026-01-01T00:00:00Z' });
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(isPodAvailable(p, 0, t0), true);
  assert.equal(isPodAvailable(p, 10, t0 + 5_000), false);
  assert.equal(msUntilAvailable(p, 10, t0 + 5_000), 5_000);
  assert.equal(isPodAvailable(p, 10, t0 + 10_000), true);
  assert.equal(msUntilAvailable(p, 10, t0 + 10_000), undefined);
});

test('terminating and finished pods are not active', () => {
  assert.equal(isPodActive(pod('a')), true);
  assert.equal(isPodActive(pod('b', { phase: 'Succeeded' })), false);
  const c = pod('c');
  c.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
  assert.equal(isPodActive(c), false);
});

test('pod-deletion-cost: lower cost goes first, after readiness, before age', () => {
  const cheap = pod('cheap', { node: 'n', readySince: '2026-01-01T00:00:00Z' });
  cheap.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': '-10' };
  const dear = pod('dear', { node: 'n', readySince: '2026-01-02T00:00:00Z' });
  dear.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': '100' };
  const plain = pod('plain', { node: 'n', readySince: '2026-01-03T00:00:00Z' });
  const notReady = pod('not-ready', { node: 'n' });
  notReady.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': '1000' };
  const order = [dear, plain, cheap, notReady].sort(compareForDeletion).map((p) => p.metadata.name);
  assert.deepEqual(order, ['not-ready', 'cheap', 'plain', 'dear']);
});

test('deletionOrder: pods doubled up on a node go before lone ones, counting related pods', () => {
  const since = '2026-01-01T00:00:00Z';
  const lone = pod('lone', { node: 'n2', readySince: since, created: '2026-01-05T00:00:00Z' });
  const a1 = pod('a1', { node: 'n1', readySince: since, created: '2026-01-01T00:00:00Z' });
  const a2 = pod('a2', { node: 'n1', readySince: since, created: '2026-01-02T00:00:00Z' });
  const sibling = pod('sibling', { node: 'n2', readySince: since });
  assert.deepEqual(deletionOrder([lone, a1, a2], [lone, a1, a2]).map((p) => p.metadata.name), ['a2', 'a1', 'lone']);
  // A sibling ReplicaSet's pods on n2 make n2 as crowded as n1: then newer goes first.
  assert.deepEqual(deletionOrder([lone, a1, a2], [lone, a1, a2, sibling]).map((p) => p.metadata.name), ['lone', 'a2', 'a1']);
});

test('podCountsChanged: phase and readiness count, a binding or a restart does not', () => {
  const pending = pod('a', { phase: 'Pending' });
  const bound = pod('a', { phase: 'Pending', node: 'n1' });
  const running = pod('a', { node: 'n1', readySince: '2026-01-01T00:00:05Z' });
  const restarted = pod('a', { node: 'n1', readySince: '2026-01-01T00:00:05Z', restarts: 1 });
  const readyAgain = pod('a', { node: 'n1', readySince: '2026-01-01T00:01:00Z' });
  const failed = pod('a', { node: 'n1', phase: 'Failed' });
  assert.equal(podCountsChanged(pending, bound), false);
  assert.equal(podCountsChanged(running, restarted), false);
  assert.equal(podCountsChanged(bound, running), true);
  assert.equal(podCountsChanged(running, readyAgain), true, 'a new ready transition time moves availability');
  assert.equal(podCountsChanged(restarted, failed), true);
});
