import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentile } from './percentiles.js';

test('nearest-rank percentiles', () => {
  const v = [5, 1, 4, 2, 3];
  assert.equal(percentile(v, 50), 3);
  assert.equal(percentile(v, 99), 5);
  assert.equal(percentile([7], 99), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});
