import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';
import { CoalescingRunner } from './coalescing-runner.js';

const MIN_INTERVAL_MS = 1_000;
const PERIOD_MS = 30_000;
const RETRY_INITIAL_MS = 2_000;

/** Lets the runner's awaited sync and its follow-ups settle. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function runner(clock: ManualClock, sync: () => Promise<void>, errors: unknown[] = []): CoalescingRunner {
  return new CoalescingRunner(sync, { minIntervalMs: MIN_INTERVAL_MS, periodMs: PERIOD_MS, retryInitialMs: RETRY_INITIAL_MS, retryMaxMs: 10_000, onError: (err) => errors.push(err), clock });
}

test('a burst of requests after a run costs one more run, no sooner than the minimum interval', async () => {
  const clock = new ManualClock();
  let runs = 0;
  const r = runner(clock, async () => void runs++);
  r.start();
  clock.advance(0);
  await settle();
  assert.equal(runs, 1);
  for (let i = 0; i < 5; i++) r.request();
  clock.advance(MIN_INTERVAL_MS - 1);
  await settle();
  assert.equal(runs, 1, 'not before the minimum interval');
  clock.advance(1);
  await settle();
  assert.equal(runs, 2, 'the burst folded into one run');
  r.stop();
});

test('the periodic run heals on the clock, and a failed run is retried after the backoff', async () => {
  const clock = new ManualClock();
  let runs = 0;
  let fail = false;
  const errors: unknown[] = [];
  const r = runner(clock, async () => {
    runs++;
    if (fail) throw new Error('iptables-restore failed');
  }, errors);
  r.start();
  clock.advance(0);
  await settle();
  fail = true;
  clock.advance(PERIOD_MS);
  await settle();
  assert.equal(runs, 2, 'the periodic run');
  assert.equal(errors.length, 1);
  fail = false;
  clock.advance(RETRY_INITIAL_MS);
  await settle();
  assert.equal(runs, 3, 'retried after the backoff');
  r.stop();
  clock.advance(PERIOD_MS * 3);
  await settle();
  assert.equal(runs, 3, 'nothing after stop');
  assert.equal(clock.pending, 0);
});
