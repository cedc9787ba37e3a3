import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from './manual-clock.js';

test('stands still until moved, and fires wake-ups in time order, each at its own time', () => {
  const clock = new ManualClock(1_000);
  const seen: [string, number][] = [];
  clock.after(300, () => seen.push(['late', clock.now()]));
  clock.after(100, () => seen.push(['early', clock.now()]));
  clock.after(100, () => seen.push(['early-second', clock.now()]));
  const cancel = clock.after(200, () => seen.push(['cancelled', clock.now()]));
  cancel();
  assert.equal(clock.now(), 1_000);
  clock.advance(250);
  assert.deepEqual(seen, [['early', 1_100], ['early-second', 1_100]]);
  assert.equal(clock.now(), 1_250);
  assert.equal(clock.pending, 1);
  clock.advance(50);
  assert.deepEqual(seen.at(-1), ['late', 1_300]);
  assert.equal(clock.pending, 0);
});

test('a wake-up set by a wake-up fires within the same move when it falls due', () => {
  const clock = new ManualClock(0);
  const ticks: number[] = [];
  const tick = (): void => {
    ticks.push(clock.now());
    clock.after(10, tick);
  };
  clock.after(10, tick);
  clock.advance(35);
  assert.deepEqual(ticks, [10, 20, 30]);
});
