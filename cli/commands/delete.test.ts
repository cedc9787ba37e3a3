import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveGracePeriod } from './delete.js';

test('grace period rules as kubectl applies them', () => {
  assert.equal(effectiveGracePeriod({}), undefined);
  assert.equal(effectiveGracePeriod({ gracePeriod: '10' }), 10);
  assert.equal(effectiveGracePeriod({ now: true }), 1);
  assert.equal(effectiveGracePeriod({ gracePeriod: '0' }), 1);
  assert.equal(effectiveGracePeriod({ gracePeriod: '0', force: true }), 0);
  assert.equal(effectiveGracePeriod({ force: true }), 0);
  assert.equal(effectiveGracePeriod({ gracePeriod: '-1' }), undefined);
  assert.throws(() => effectiveGracePeriod({ now: true, gracePeriod: '5' }), /--now and --grace-period cannot be specified together/);
  assert.throws(() => effectiveGracePeriod({ gracePeriod: 'soon' }), /invalid value "soon"/);
});
