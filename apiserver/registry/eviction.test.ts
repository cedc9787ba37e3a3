// Evictions over the in-memory store: a graceful delete with the body's options.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import { parseEviction } from './eviction.js';
import { harness } from './registry-fixtures.js';
import type { Registry } from './registry.js';
import type { PodDisruptionBudget } from '../../api/types/index.js';
import { DISRUPTION_BUDGET_CAUSE, VIOLATES_BUDGET } from './eviction-policy.js';

const PODS = resources.pods;

async function boundPod(registry: Registry, name: string): Promise<void> {
  await registry.create(PODS, 'default', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] } }));
  await registry.bind('default', JSON.stringify({ metadata: { name }, target: { kind: 'Node', name: 'node-1' } }));
}

function eviction(name: string, deleteOptions?: object, apiVersion = 'policy/v1'): string {
  return JSON.stringify({ apiVersion, kind: 'Eviction', metadata: { name, namespace: 'default' }, ...(deleteOptions ? { deleteOptions } : {}) });
}

describe('eviction', () => {
  it('deletes a pod on a node gracefully, with the pod grace period or the one asked for', async () => {
    const { registry } = await harness();
    await boundPod(registry, 'web');
    await registry.evict('default', 'web', parseEviction(eviction('web'), 'web'));
    const marked = await registry.get(PODS, 'default', 'web');
    assert.ok(marked.metadata.deletionTimestamp, 'graceful: marked, not removed');
    assert.equal(marked.metadata.deletionGracePeriodSeconds, 30);
    await registry.evict('default', 'web', parseEviction(eviction('web', { gracePeriodSeconds: 0 }, 'policy/v1beta1'), 'web'));
    await assert.rejects(registry.get(PODS, 'default', 'web'), (err) => isApiError(err, 'NotFound'));
  });

  it('honours dry run and preconditions', async () => {
    const { registry } = await harness();
    await boundPod(registry, 'web');
    await registry.evict('default', 'web', parseEviction(eviction('web'), 'web'), true);
    assert.equal((await registry.get(PODS, 'default', 'web')).metadata.deletionTimestamp, undefined);
    const stale = parseEviction(eviction('web', { preconditions: { uid: 'someone-else' } }), 'web');
    await assert.rejects(registry.evict('default', 'web', stale), (err) => isApiError(err, 'Conflict'));
  });

  it('answers 404 for a missing pod and 400 for a body naming another', async () => {
    const { registry } = await harness();
    await assert.rejects(registry.evict('default', 'nope', parseEviction(eviction('nope'), 'nope')), (err) => isApiError(err, 'NotFound') && err.message === 'pods "nope" not found');
    assert.throws(() => parseEviction(eviction('other'), 'web'), (err) => isApiError(err, 'BadRequest') && err.message === 'name in URL does not match name in Eviction object');
    assert.throws(() => parseEviction(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } }), 'web'), (err) => isApiError(err, 'BadRequest'));
  });

  describe('with a PodDisruptionBudget', () => {
    const PDBS = resources.podDisruptionBudgets;

    async function runningPod(registry: Registry, name: string, ready = true): Promise<void> {
      await registry.create(PODS, 'default', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] } }));
      await registry.bind('default', JSON.stringify({ metadata: { name }, target: { kind: 'Node', name: 'node-1' } }));
      const pod = await registry.get(PODS, 'default', name);
      const conditions = [{ type: 'Ready', status: ready ? 'True' : 'False' }];
      await registry.updateStatus(PODS, 'default', JSON.stringify({ ...pod, status: { phase: 'Running', conditions } }));
    }

    /** A budget whose status says what its controller would have written. */
    async function budget(registry: Registry, status: Partial<NonNullable<PodDisruptionBudget['status']>>, spec: object = { minAvailable: 2 }): Promise<void> {
      await registry.create(PDBS, 'default', JSON.stringify({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web-pdb', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } }, ...spec } }));
      const pdb = await registry.get(PDBS, 'default', 'web-pdb');
      const full = { disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, observedGeneration: pdb.metadata.generation, ...status };
      await registry.updateStatus(PDBS, 'default', JSON.stringify({ ...pdb, status: full }));
    }

    const refusedByBudget = (detail: RegExp) => (err: unknown) =>
      isApiError(err, 'TooManyRequests') && err.code === 429 && err.message === VIOLATES_BUDGET && err.details.causes?.length === 1 && err.details.causes[0]?.reason === DISRUPTION_BUDGET_CAUSE && detail.test(err.details.causes[0]?.message ?? '');

    it('refuses with 429 when the budget allows no disruption, and deletes nothing', async () => {
      const { registry } = await harness();
      await runningPod(registry, 'web-1');
      await budget(registry, { disruptionsAllowed: 0, currentHealthy: 2 });
      await assert.rejects(registry.evict('default', 'web-1', parseEviction(eviction('web-1'), 'web-1')), refusedByBudget(/^The disruption budget web-pdb needs 2 healthy pods and has 2 currently$/));
      assert.equal((await registry.get(PODS, 'default', 'web-1')).metadata.deletionTimestamp, undefined);
    });

    it('takes one allowed disruption, records the pod in disruptedPods, then deletes it', async () => {
      const { registry } = await harness();
      await runningPod(registry, 'web-1');
      await budget(registry, { disruptionsAllowed: 1 });
      await registry.evict('default', 'web-1', parseEviction(eviction('web-1'), 'web-1'));
      const pdb = (await registry.get(PDBS, 'default', 'web-pdb')) as PodDisruptionBudget;
      assert.equal(pdb.status?.disruptionsAllowed, 0);
      assert.deepEqual(Object.keys(pdb.status?.disruptedPods ?? {}), ['web-1']);
      assert.equal(pdb.status?.conditions?.find((c) => c.type === 'DisruptionAllowed')?.reason, 'InsufficientPods');
      assert.ok((await registry.get(PODS, 'default', 'web-1')).metadata.deletionTimestamp);
    });

    it('dry run checks the budget without taking from it', async () => {
      const { registry } = await harness();
      await runningPod(registry, 'web-1');
      await budget(registry, { disruptionsAllowed: 1 });
      await registry.evict('default', 'web-1', parseEviction(eviction('web-1'), 'web-1'), true);
      assert.equal(((await registry.get(PDBS, 'default', 'web-pdb')) as PodDisruptionBudget).status?.disruptionsAllowed, 1);
    });

    it('two evictions racing for the last disruption: exactly one passes', async () => {
      const { registry } = await harness();
      await runningPod(registry, 'web-1');
      await runningPod(registry, 'web-2');
      await budget(registry, { disruptionsAllowed: 1 });
      const outcomes = await Promise.allSettled(['web-1', 'web-2'].map((n) => registry.evict('default', n, parseEviction(eviction(n), n))));
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
      const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      assert.ok(refused && refusedByBudget(/needs 2 healthy pods/)(refused.reason));
    });

    it('a budget its controller has not seen yet refuses; pending and unready pods are judged as Kubernetes does', async () => {
      const { registry } = await harness();
      await runningPod(registry, 'web-1');
      await budget(registry, { disruptionsAllowed: 1, observedGeneration: 0 });
      await assert.rejects(registry.evict('default', 'web-1', parseEviction(eviction('web-1'), 'web-1')), refusedByBudget(/is still being processed by the server/));
      // An unready pod may go while the budget is met without it.
      await runningPod(registry, 'sick', false);
      await registry.evict('default', 'sick', parseEviction(eviction('sick'), 'sick'));
      // A pod not running yet is not protected.
      await registry.create(PODS, 'default', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'new', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] } }));
      await registry.evict('default', 'new', parseEviction(eviction('new'), 'new'));
    });

    it('a pod under two budgets cannot be evicted', async () => {
      const { registry } = await harness();
      await runningPod(registry, 'web-1');
      await budget(registry, { disruptionsAllowed: 1 });
      await registry.create(PDBS, 'default', JSON.stringify({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'other', namespace: 'default' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } } }));
      await assert.rejects(registry.evict('default', 'web-1', parseEviction(eviction('web-1'), 'web-1')), (err) => isApiError(err, 'InternalError') && /more than one PodDisruptionBudget/.test(err.message));
    });
  });
});
