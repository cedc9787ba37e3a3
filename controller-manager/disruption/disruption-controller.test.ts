// The disruption controller on a fake clock over seeded budgets, pods and
// their controllers: the status it writes, and when it looks again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Deployment, Pod, PodDisruptionBudget, ReplicaSet } from '../../api/types/index.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { newControllerRef } from '../common/controller-ref.js';
import { fakeControllerContext, recordRequeues, startInformers } from '../common/controller-fixtures.js';
import { DELETION_TIMEOUT_MS } from './budget-status.js';
import { DisruptionController } from './disruption-controller.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';

const NOW = Date.parse('2025-03-01T10:00:00Z');
const TEMPLATE = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };

const deployment: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ns', uid: 'dep-uid' },
  spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: TEMPLATE },
};
const replicaSet: ReplicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web-abc', namespace: 'ns', uid: 'rs-uid', ownerReferences: [newControllerRef(deployment)] },
  spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template: TEMPLATE },
};

function pod(name: string, opts: { ready?: boolean; deleting?: boolean; owned?: boolean } = {}): Pod {
  const { ready = true, deleting = false, owned = true } = opts;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'ns',
      uid: `uid-${name}`,
      labels: { app: 'web' },
      ...(owned ? { ownerReferences: [newControllerRef(replicaSet)] } : {}),
      ...(deleting ? { deletionTimestamp: '2025-03-01T09:59:59Z' } : {}),
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }], nodeName: 'n1' },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  } as Pod;
}

function budget(spec: Partial<PodDisruptionBudget['spec']>, status?: PodDisruptionBudget['status']): PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web-pdb', namespace: 'ns', uid: 'pdb-uid', generation: 2 },
    spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
    ...(status ? { status } : {}),
  };
}

async function syncAt(pdb: PodDisruptionBudget, pods: Pod[], nowMs = NOW): Promise<{ status: PodDisruptionBudget['status']; requeues: number[]; reasons: string[] }> {
  const fake = new FakeApiClient();
  fake.seed('poddisruptionbudgets', pdb);
  for (const p of pods) fake.seed('pods', p);
  fake.seed('deployments', deployment);
  fake.seed('replicasets', replicaSet);
  const ctx = fakeControllerContext(fake, new ManualClock(nowMs));
  const controller = new DisruptionController(ctx);
  const requeues = recordRequeues(controller);
  await startInformers(ctx);
  try {
    await controller.sync('ns/web-pdb');
    await ctx.recorder.flush();
  } finally {
    await ctx.factory.stop();
  }
  const stored = fake.objects.get('poddisruptionbudgets')?.get('ns/web-pdb') as PodDisruptionBudget;
  const reasons = [...(fake.objects.get('events')?.values() ?? [])].map((e) => (e as { reason?: string }).reason ?? '');
  return { status: stored.status, requeues, reasons };
}

test('minAvailable 2 over 3 ready pods allows one disruption and says so', async () => {
  const { status } = await syncAt(budget({ minAvailable: 2 }), [pod('a'), pod('b'), pod('c')]);
  assert.equal(status?.expectedPods, 3);
  assert.equal(status?.desiredHealthy, 2);
  assert.equal(status?.currentHealthy, 3);
  assert.equal(status?.disruptionsAllowed, 1);
  assert.equal(status?.observedGeneration, 2);
  const condition = status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
  assert.deepEqual([condition?.status, condition?.reason], ['True', 'SufficientPods']);
});

test('unready and terminating pods are not healthy; none allowed then', async () => {
  const { status } = await syncAt(budget({ minAvailable: 2 }), [pod('a'), pod('b', { ready: false }), pod('c', { deleting: true })]);
  assert.equal(status?.currentHealthy, 1);
  assert.equal(status?.disruptionsAllowed, 0);
  assert.equal(status?.conditions?.find((c) => c.type === 'DisruptionAllowed')?.reason, 'InsufficientPods');
});

test("a percentage counts against the controllers' scale (the Deployment's 4 replicas), rounding up", async () => {
  const { status } = await syncAt(budget({ minAvailable: '50%' }), [pod('a'), pod('b'), pod('c')]);
  assert.equal(status?.expectedPods, 4);
  assert.equal(status?.desiredHealthy, 2);
  assert.equal(status?.disruptionsAllowed, 1);
  const maxUnavailable = (await syncAt(budget({ maxUnavailable: '30%' }), [pod('a'), pod('b'), pod('c'), pod('d')])).status;
  assert.equal(maxUnavailable?.desiredHealthy, 2, '30% of 4 rounds up to 2 unavailable');
  assert.equal(maxUnavailable?.disruptionsAllowed, 2);
});

test('a pod without a controller makes a percentage budget fail safe: no disruption, SyncFailed', async () => {
  const { status, reasons } = await syncAt(budget({ maxUnavailable: 1 }), [pod('a'), pod('naked', { owned: false })]);
  assert.equal(status?.disruptionsAllowed, 0);
  const condition = status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
  assert.deepEqual([condition?.status, condition?.reason, condition?.message], ['False', 'SyncFailed', 'found no controllers for pod "naked"']);
  assert.ok(reasons.includes('CalculateExpectedPodCountFailed'));
});

test('a pod granted an eviction is not healthy until it goes, and the controller looks again when the grant expires', async () => {
  const granted = '2025-03-01T09:59:30Z';
  const { status, requeues } = await syncAt(budget({ minAvailable: 2 }, { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 3, disruptedPods: { a: granted } }), [pod('a'), pod('b'), pod('c')]);
  assert.deepEqual(status?.disruptedPods, { a: granted });
  assert.equal(status?.currentHealthy, 2);
  assert.equal(status?.disruptionsAllowed, 0);
  assert.deepEqual(requeues, [Date.parse(granted) + DELETION_TIMEOUT_MS - NOW]);
});

test('a granted pod seen deleting, and a grant past its timeout, are forgotten', async () => {
  const seen = await syncAt(budget({ minAvailable: 2 }, { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 3, disruptedPods: { a: '2025-03-01T09:59:30Z' } }), [pod('a', { deleting: true }), pod('b'), pod('c')]);
  assert.equal(seen.status?.disruptedPods, undefined);
  const expired = await syncAt(budget({ minAvailable: 2 }, { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 3, disruptedPods: { a: '2025-03-01T09:50:00Z' } }), [pod('a'), pod('b'), pod('c')]);
  assert.equal(expired.status?.disruptedPods, undefined);
  assert.equal(expired.status?.disruptionsAllowed, 1);
  assert.ok(expired.reasons.includes('NotDeleted'));
});

test('no matching pod: nothing expected, nothing allowed, a NoPods event', async () => {
  const { status, reasons } = await syncAt(budget({ minAvailable: 1 }), []);
  assert.equal(status?.expectedPods, 0);
  assert.equal(status?.disruptionsAllowed, 0);
  assert.ok(reasons.includes('NoPods'));
});
