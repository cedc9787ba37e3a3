import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';
import { SYNC_RETRY_INITIAL_MS } from '../timing.js';
import { PodLoop } from './pod-loop.js';

const logger = pino({ level: 'silent' });

function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('PodLoop', () => {
  it('coalesces requests that arrive during a sync into one more sync', async () => {
    const clock = new ManualClock();
    const first = gate();
    let syncs = 0;
    const loop = new PodLoop({ clock, logger, sync: async () => { syncs++; if (syncs === 1) await first.promise; } });
    loop.request();
    loop.request();
    loop.request();
    first.open();
    await new Promise((resolve) => setImmediate(resolve));
    await loop.whenIdle();
    assert.equal(syncs, 2);
  });

  it('retries a failed sync after a doubling delay and resets it after a success', async () => {
    const clock = new ManualClock();
    let syncs = 0;
    let failing = true;
    const loop = new PodLoop({ clock, logger, sync: async () => { syncs++; if (failing) throw new Error('engine unreachable'); } });
    loop.request();
    await loop.whenIdle();
    clock.advance(SYNC_RETRY_INITIAL_MS - 1);
    await loop.whenIdle();
    assert.equal(syncs, 1, 'not before the first delay');
    clock.advance(1);
    await loop.whenIdle();
    assert.equal(syncs, 2);
    clock.advance(SYNC_RETRY_INITIAL_MS);
    await loop.whenIdle();
    assert.equal(syncs, 2, 'the second delay is twice the first');
    failing = false;
    clock.advance(SYNC_RETRY_INITIAL_MS);
    await loop.whenIdle();
    assert.equal(syncs, 3);
    assert.equal(clock.pending, 0, 'a success leaves no retry behind');
  });

  it('keeps only the earliest wake-up and does nothing once stopped', async () => {
    const clock = new ManualClock();
    let syncs = 0;
    const loop = new PodLoop({ clock, logger, sync: async () => { syncs++; } });
    loop.wakeIn(5_000);
    loop.wakeIn(1_000);
    loop.wakeIn(3_000);
    assert.equal(clock.pending, 1);
    clock.advance(1_000);
    await loop.whenIdle();
    assert.equal(syncs, 1);
    loop.wakeIn(1_000);
    loop.stop();
    clock.advance(1_000);
    loop.request();
    await loop.whenIdle();
    assert.equal(syncs, 1);
  });
});
