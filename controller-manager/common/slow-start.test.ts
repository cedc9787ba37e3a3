import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BURST_REPLICAS, slowStartBatch } from './slow-start.js';

test('batches grow 1, 2, 4, ... and a user-sized count is capped at the burst', async () => {
  const batches: number[] = [];
  let inFlight = 0;
  let calls = 0;
  const { successes } = await slowStartBatch(2 ** 31, 1, async () => {
    if (inFlight === 0) batches.push(0);
    inFlight++;
    batches[batches.length - 1]++;
    calls++;
    await Promise.resolve();
    inFlight--;
  });
  assert.equal(calls, BURST_REPLICAS);
  assert.equal(successes, BURST_REPLICAS);
  assert.deepEqual(batches, [1, 2, 4, 8, 16, 32, 64, 128, 245]);
});

test('a failing batch stops the rest', async () => {
  let calls = 0;
  const { successes, error } = await slowStartBatch(100, 1, async () => {
    calls++;
    if (calls >= 3) throw new Error('quota');
  });
  assert.equal(calls, 3);
  assert.equal(successes, 2);
  assert.match(String(error), /quota/);
});
