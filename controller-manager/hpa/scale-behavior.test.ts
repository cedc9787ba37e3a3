import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideReplicas, defaultRules, type BehaviorInput, type ScaleHistory } from './scale-behavior.js';

const WINDOW_SECONDS = 15;
const rules = defaultRules(WINDOW_SECONDS);

function input(nowMs: number, currentReplicas: number, recommended: number): BehaviorInput {
  return { nowMs, currentReplicas, recommended, minReplicas: 2, maxReplicas: 10, scaleUp: rules.scaleUp, scaleDown: rules.scaleDown };
}

test('a lower recommendation waits for the whole down-window, and says so', () => {
  const history: ScaleHistory = { recommendations: [{ atMs: 0, replicas: 4 }], events: [] };
  const held = decideReplicas(history, input(10_000, 4, 0));
  assert.deepEqual({ replicas: held.replicas, reason: held.stabilizedReason }, { replicas: 4, reason: 'ScaleDownStabilized' });
  const after = decideReplicas(history, input(16_000, 4, 0));
  assert.equal(after.replicas, 2, 'down to minReplicas once the window holds only low recommendations');
  assert.equal(after.limitedReason, 'TooFewReplicas');
  assert.equal(after.stabilizedReason, undefined);
});

test('a scale up is limited by the default policies (the larger of +4 pods and +100% per 15 s) and by maxReplicas', () => {
  const empty = (): ScaleHistory => ({ recommendations: [], events: [] });
  assert.deepEqual(decideReplicas(empty(), input(0, 2, 20)), { replicas: 6, limitedReason: 'ScaleUpLimit', limitedMessage: 'the desired replica count is increasing faster than the maximum scale rate' });
  assert.equal(decideReplicas(empty(), input(0, 8, 20)).replicas, 10);
  assert.equal(decideReplicas(empty(), input(0, 8, 20)).limitedReason, 'TooManyReplicas');
  const justScaled: ScaleHistory = { recommendations: [], events: [{ atMs: 0, change: 4 }] };
  assert.equal(decideReplicas(justScaled, input(5_000, 6, 20)).replicas, 6, 'within the period the policies count from the 2 replicas before the last scale');
  assert.equal(decideReplicas(justScaled, input(16_000, 6, 20)).replicas, 10, 'a new period allows +100% again, up to maxReplicas');
});

test('a recommendation within the window agrees with itself: no stabilization reason', () => {
  const d = decideReplicas({ recommendations: [{ atMs: 0, replicas: 3 }], events: [] }, input(1_000, 3, 3));
  assert.deepEqual(d, { replicas: 3 });
});
