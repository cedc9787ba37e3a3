import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_BURST,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_QPS,
  ItemExponentialRateLimiter,
  MaxOfRateLimiter,
  TokenBucketRateLimiter,
  defaultControllerRateLimiter,
} from './rate-limiters.js';

describe('ItemExponentialRateLimiter', () => {
  it('doubles per failure from the base, per key, up to the max', () => {
    const r = new ItemExponentialRateLimiter({ baseDelayMs: 5, maxDelayMs: 60 });
    assert.deepEqual([r.when('a'), r.when('a'), r.when('a'), r.when('a'), r.when('a')], [5, 10, 20, 40, 60]);
    assert.equal(r.when('b'), 5, 'another key starts at the base');
    assert.equal(r.numRequeues('a'), 5);
    r.forget('a');
    assert.equal(r.numRequeues('a'), 0);
    assert.equal(r.when('a'), 5);
  });

  it('defaults to 5 ms .. 1000 s and never overflows', () => {
    assert.equal(DEFAULT_BASE_DELAY_MS, 5);
    assert.equal(DEFAULT_MAX_DELAY_MS, 1_000_000);
    const r = new ItemExponentialRateLimiter();
    let last = 0;
    for (let i = 0; i < 2_000; i++) last = r.when('k');
    assert.equal(last, DEFAULT_MAX_DELAY_MS);
  });
});

describe('TokenBucketRateLimiter', () => {
  it('lets a burst through, then spaces reservations at 1/qps, refilling over time', () => {
    let now = 0;
    const r = new TokenBucketRateLimiter({ qps: 2, burst: 3, now: () => now });
    assert.deepEqual([r.when('a'), r.when('b'), r.when('c')], [0, 0, 0]);
    assert.equal(r.when('d'), 500);
    assert.equal(r.when('e'), 1000);
    now += 1000; // two tokens refilled, both already promised to d and e
    assert.equal(r.when('f'), 500);
    now += 10_000; // refills only up to the burst
    assert.deepEqual([r.when('g'), r.when('h'), r.when('i'), r.when('j')], [0, 0, 0, 500]);
    assert.equal(r.numRequeues('a'), 0);
  });

  it('defaults to 10 qps with a burst of 100', () => {
    assert.equal(DEFAULT_QPS, 10);
    assert.equal(DEFAULT_BURST, 100);
    const now = 0;
    const r = new TokenBucketRateLimiter({ now: () => now });
    for (let i = 0; i < 100; i++) assert.equal(r.when(`k${i}`), 0);
    assert.equal(r.when('over'), 100);
  });
});

describe('MaxOfRateLimiter / defaultControllerRateLimiter', () => {
  it('answers the longest wait and forgets in all', () => {
    let now = 0;
    const r = new MaxOfRateLimiter(
      new ItemExponentialRateLimiter({ baseDelayMs: 1, maxDelayMs: 1000 }),
      new TokenBucketRateLimiter({ qps: 1, burst: 1, now: () => now }),
    );
    assert.equal(r.when('a'), 1);
    assert.equal(r.when('a'), 1000, 'the bucket is empty: its wait wins');
    now += 5000;
    assert.equal(r.when('a'), 4, 'the exponential wait wins again');
    assert.equal(r.numRequeues('a'), 3);
    r.forget('a');
    assert.equal(r.numRequeues('a'), 0);
  });

  it('builds client-go defaults', () => {
    const r = defaultControllerRateLimiter();
    assert.deepEqual([r.when('x'), r.when('x'), r.when('x')], [5, 10, 20]);
  });
});
