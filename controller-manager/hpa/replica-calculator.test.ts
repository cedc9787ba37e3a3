import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MissingRequestError, replicasForUtilization, type PodSample } from './replica-calculator.js';
import { decideReplicas, defaultRules } from './scale-behavior.js';

const pod = (name: string, usageMilli: number | undefined, ready = true, requestMilli: number | undefined = 100): PodSample => ({ name, usageMilli, ready, requestMilli, containerWithoutRequest: 'main' });

test('two pods at 200% of request against a 70% target scale to ceil(2 * 200/70) = 6', () => {
  assert.deepEqual(replicasForUtilization([pod('a', 200), pod('b', 200)], 'cpu', 70, 2), { replicas: 6, utilization: 200 });
});

test('within the 10% tolerance the count stays', () => {
  assert.equal(replicasForUtilization([pod('a', 75), pod('b', 75)], 'cpu', 70, 2).replicas, 2);
});

test('a pod without metrics counts as 100% when scaling down, so the scale-down is damped', () => {
  // 3 pods reporting 10% and one missing: 10+10+10+100 over 4 requests = 32.5% of a 50% target -> ceil(0.65 * 4) = 3.
  assert.equal(replicasForUtilization([pod('a', 10), pod('b', 10), pod('c', 10), pod('d', undefined)], 'cpu', 50, 4).replicas, 3);
});

test('not-ready pods count as idle when scaling up', () => {
  // one ready pod at 200%, one unready: (200 + 0) / 200 = 100% of a 50% target -> 4.
  assert.equal(replicasForUtilization([pod('a', 200), pod('b', 150, false)], 'cpu', 50, 2).replicas, 4);
});

test('a container without a request is the upstream error', () => {
  assert.throws(() => replicasForUtilization([{ ...pod('a', 10), requestMilli: undefined }], 'cpu', 70, 1), (err: Error) => err instanceof MissingRequestError && err.message === 'missing request for cpu in container main of Pod a');
});

test('scale-down waits for the stabilization window; scale-up is limited by policies and clamped', () => {
  const rules = defaultRules(60);
  const history = { recommendations: [{ atMs: 0, replicas: 6 }], events: [] };
  const base = { currentReplicas: 6, minReplicas: 2, maxReplicas: 10, ...rules };
  assert.equal(decideReplicas(history, { ...base, nowMs: 30_000, recommended: 1 }).replicas, 6, 'inside the window the highest recommendation holds');
  assert.deepEqual(decideReplicas(history, { ...base, nowMs: 61_000, recommended: 1 }), {
    replicas: 2,
    limitedReason: 'TooFewReplicas',
    limitedMessage: 'the desired replica count is less than the minimum replica count',
  });
  const up = decideReplicas({ recommendations: [], events: [] }, { ...base, currentReplicas: 2, nowMs: 0, recommended: 9 });
  assert.equal(up.replicas, 6, 'Max of (2 + 4 pods, 2 * 200%) = 6');
  assert.equal(up.limitedReason, 'ScaleUpLimit');
  assert.equal(decideReplicas({ recommendations: [], events: [] }, { ...base, currentReplicas: 8, nowMs: 0, recommended: 20 }).replicas, 10);
});
