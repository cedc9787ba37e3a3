import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { every, rfc3339Seconds, sleep } from './clock.js';
import { ManualClock } from '../testkit/fakes/manual-clock.js';

describe('clock', () => {
  it('fires a periodic callback once per period until cancelled', () => {
    const clock = new ManualClock();
    let ticks = 0;
    const cancel = every(clock, 1_000, () => ticks++);
    clock.advance(999);
    assert.equal(ticks, 0);
    clock.advance(2_001);
    assert.equal(ticks, 3);
    cancel();
    clock.advance(5_000);
    assert.equal(ticks, 3);
    assert.equal(clock.pending, 0);
  });

  it('fires wake-ups in time order, at their own time', async () => {
    const clock = new ManualClock(0);
    const seen: number[] = [];
    clock.after(300, () => seen.push(clock.now()));
    clock.after(100, () => seen.push(clock.now()));
    const slept = sleep(clock, 200).then(() => seen.push(-1));
    clock.advance(1_000);
    await slept;
    assert.deepEqual(seen.slice(0, 2), [100, 300]);
    assert.equal(clock.now(), 1_000);
  });

  it('writes times as Kubernetes does, to the second', () => {
    assert.equal(rfc3339Seconds(Date.parse('2024-05-06T07:08:09.123Z')), '2024-05-06T07:08:09Z');
  });
});
