import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_TIMER_DELAY_MS, timerDelay } from './timer-delay.js';
import { WorkQueue } from './work-queue.js';

test('delays are clamped to what setTimeout honours', () => {
  assert.equal(timerDelay(-5), 0);
  assert.equal(timerDelay(1500), 1500);
  assert.equal(timerDelay(2147483647 * 1000), MAX_TIMER_DELAY_MS);
  assert.equal(timerDelay(Number.NaN), MAX_TIMER_DELAY_MS);
});

test('a key added after a user-sized delay (minReadySeconds 2^31 - 1) is not handed out early', async () => {
  const queue = new WorkQueue();
  queue.addAfter('ns/rs', 2147483647 * 1000);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(queue.len(), 0);
  queue.shutDown();
});
