import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CrashBackoff, formatBackoffDelay } from './crash-backoff.js';

test('the first failure retries at once, later ones wait 10 s doubling to the max', () => {
  let now = 1000;
  const b = new CrashBackoff({ initialMs: 10, maxMs: 40, resetAfterMs: 1000 }, () => now);
  assert.equal(b.remaining('c', now), 0);
  b.recordRetry('c');
  assert.equal(b.remaining('c', now), 10, 'second failure waits the initial delay');
  now += 4;
  assert.equal(b.remaining('c', now - 4), 6, 'counted from when it failed');
  b.recordRetry('c');
  assert.equal(b.currentDelay('c'), 20);
  b.recordRetry('c');
  b.recordRetry('c');
  assert.equal(b.currentDelay('c'), 40);
});

test('a long run resets the backoff', () => {
  const b = new CrashBackoff({ initialMs: 10, maxMs: 40, resetAfterMs: 1000 }, () => 0);
  b.recordRetry('c');
  b.recordRetry('c');
  b.recordRetry('c', 2000);
  assert.equal(b.currentDelay('c'), 10);
});

test('formats delays as the kubelet prints them', () => {
  assert.equal(formatBackoffDelay(10_000), '10s');
  assert.equal(formatBackoffDelay(80_000), '1m20s');
  assert.equal(formatBackoffDelay(300_000), '5m0s');
});
