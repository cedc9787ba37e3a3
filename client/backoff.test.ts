import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { raceAbort, sleep } from './abort-helpers.js';
import { Backoff } from './backoff.js';
import { deepFreeze } from '../api/deep-freeze.js';

describe('Backoff', () => {
  it('doubles from the initial delay up to the cap, and resets', () => {
    const b = new Backoff(1_000, 30_000);
    assert.deepEqual([b.next(), b.next(), b.next(), b.next(), b.next(), b.next(), b.next()], [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    b.reset();
    assert.equal(b.next(), 1_000);
  });
});

describe('abort helpers', () => {
  it('sleep ends early when aborted', async () => {
    const controller = new AbortController();
    const start = Date.now();
    const slept = sleep(10_000, controller.signal);
    controller.abort();
    await slept;
    assert.ok(Date.now() - start < 1_000);
  });

  it('raceAbort answers the value, the error, or aborted', async () => {
    const controller = new AbortController();
    assert.deepEqual(await raceAbort(Promise.resolve(7), controller.signal), { aborted: false, value: 7 });
    await assert.rejects(raceAbort(Promise.reject(new Error('x')), controller.signal), /x/);
    const never = new Promise<number>(() => undefined);
    const raced = raceAbort(never, controller.signal);
    controller.abort();
    assert.deepEqual(await raced, { aborted: true });
  });
});

describe('deepFreeze', () => {
  it('freezes nested objects and arrays', () => {
    const obj = deepFreeze({ a: { b: [{ c: 1 }] } });
    assert.ok(Object.isFrozen(obj.a.b[0]));
    assert.throws(() => {
      (obj.a.b as { c: number }[]).push({ c: 2 });
    }, TypeError);
  });
});
