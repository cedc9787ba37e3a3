import { test } from 'node:test';
import assert from 'node:assert/strict';
import { restartPolicyOf, shouldRestart, shouldRestartInit } from './restart-policy.js';

test('restart decisions follow restartPolicy', () => {
  assert.equal(restartPolicyOf({ containers: [] }), 'Always');
  assert.equal(shouldRestart('Always', 0), true);
  assert.equal(shouldRestart('OnFailure', 0), false);
  assert.equal(shouldRestart('OnFailure', 1), true);
  assert.equal(shouldRestart('Never', 1), false);
});

test('init containers rerun only after a failure, and never under Never', () => {
  assert.equal(shouldRestartInit('Always', 0), false);
  assert.equal(shouldRestartInit('Always', 2), true);
  assert.equal(shouldRestartInit('OnFailure', 2), true);
  assert.equal(shouldRestartInit('Never', 2), false);
});
