import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { ItemExponentialRateLimiter, WorkQueue, prometheusWorkQueueMetrics } from './work-queue.js';
import { runWorkers } from './run-workers.js';
import { ManualClock } from '../testkit/fakes/manual-clock.js';

function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('WorkQueue', () => {
  it('keeps one entry per waiting key, in FIFO order', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('b');
    q.add('a');
    assert.equal(q.len(), 2);
    assert.equal(await q.get(), 'a');
    assert.equal(await q.get(), 'b');
    assert.equal(q.len(), 0);
  });

  it('never hands a key being processed to a second worker; a re-add runs again after done', async () => {
    const q = new WorkQueue();
    q.add('a');
    assert.equal(await q.get(), 'a');
    q.add('a');
    q.add('a');
    assert.equal(q.len(), 0, 'held back while processing');
    let second: string | undefined;
    const waiting = q.get().then((k) => (second = k));
    await tick();
    assert.equal(second, undefined);
    q.done('a');
    await waiting;
    assert.equal(second, 'a');
    q.done('a');
    assert.equal(q.len(), 0, 'the duplicate adds collapsed into one re-run');
  });

  it('done on a key not re-added leaves nothing queued', async () => {
    const q = new WorkQueue();
    q.add('a');
    const k = await q.get();
    assert.equal(k, 'a');
    q.done('a');
    assert.equal(q.len(), 0);
  });

  it('wakes waiting workers in order as keys arrive', async () => {
    const q = new WorkQueue();
    const got: (string | undefined)[] = [];
    const w1 = q.get().then((k) => got.push(k));
    const w2 = q.get().then((k) => got.push(k));
    q.add('x');
    q.add('y');
    await Promise.all([w1, w2]);
    assert.deepEqual(got, ['x', 'y']);
  });

  it('addAfter delays, and a key already delayed keeps the earlier time', async () => {
    const q = new WorkQueue();
    const start = Date.now();
    q.addAfter('slow', 10_000);
    q.addAfter('slow', 40);
    q.addAfter('slow', 5_000);
    assert.equal(q.len(), 0);
    assert.equal(await q.get(), 'slow');
    const waited = Date.now() - start;
    assert.ok(waited >= 35 && waited < 2_000, `waited ${waited} ms`);
    q.shutDown();
  });

  it('addRateLimited backs off per key, forget resets, numRequeues counts', async () => {
    const q = new WorkQueue({ rateLimiter: new ItemExponentialRateLimiter({ baseDelayMs: 20, maxDelayMs: 1000 }) });
    q.addRateLimited('k');
    assert.equal(q.numRequeues('k'), 1);
    assert.equal(q.len(), 0);
    const start = Date.now();
    assert.equal(await q.get(), 'k');
    assert.ok(Date.now() - start >= 15);
    q.done('k');
    q.addRateLimited('k');
    assert.equal(q.numRequeues('k'), 2);
    q.forget('k');
    assert.equal(q.numRequeues('k'), 0);
    q.shutDown();
  });

  it('shutDown answers undefined to waiting and later get() calls and drops adds and delayed keys', async () => {
    const q = new WorkQueue();
    const waiting = q.get();
    q.addAfter('later', 20);
    q.shutDown();
    assert.equal(await waiting, undefined);
    q.add('x');
    assert.equal(q.len(), 0);
    assert.equal(await q.get(), undefined);
    assert.equal(q.isShuttingDown(), true);
    await tick(40);
    assert.equal(q.len(), 0);
  });

  it('reports depth, adds and retries to Prometheus', async () => {
    const registry = new Registry();
    const q = new WorkQueue({ name: 'pods', metrics: prometheusWorkQueueMetrics(registry, 'pods'), rateLimiter: new ItemExponentialRateLimiter({ baseDelayMs: 1 }) });
    const other = new WorkQueue({ name: 'nodes', metrics: prometheusWorkQueueMetrics(registry, 'nodes') });
    q.add('a');
    q.add('b');
    q.add('a');
    other.add('n');
    q.addRateLimited('c');
    const text = await registry.metrics();
    assert.match(text, /workqueue_adds_total\{name="pods"\} 2/);
    assert.match(text, /workqueue_depth\{name="pods"\} 2/);
    assert.match(text, /workqueue_retries_total\{name="pods"\} 1/);
    assert.match(text, /workqueue_adds_total\{name="nodes"\} 1/);
    q.shutDown();
    other.shutDown();
  });

  it('times delayed adds and rate-limited retries by the clock it is given', () => {
    const clock = new ManualClock();
    const q = new WorkQueue({ clock, rateLimiter: new ItemExponentialRateLimiter({ baseDelayMs: 1_000, maxDelayMs: 60_000 }) });
    q.addAfter('later', 5_000);
    q.addAfter('later', 8_000);
    q.addRateLimited('retry');
    q.addRateLimited('retry');
    clock.advance(999);
    assert.equal(q.len(), 0);
    clock.advance(1);
    assert.equal(q.len(), 1, 'the second retry kept the earlier of its two times');
    clock.advance(3_999);
    assert.equal(q.len(), 1);
    clock.advance(1);
    assert.equal(q.len(), 2, 'a later addAfter did not push back the one waiting');
    q.addAfter('dropped', 1_000);
    q.shutDown();
    assert.equal(clock.pending, 0, 'shutDown cancels the wake-ups still waiting');
  });
});

describe('runWorkers', () => {
  it('retries failures with backoff, forgets on success, marks done always, exits on shutdown', async () => {
    const q = new WorkQueue({ rateLimiter: new ItemExponentialRateLimiter({ baseDelayMs: 5, maxDelayMs: 50 }) });
    const attempts = new Map<string, number>();
    const requeuesAtSuccess = new Map<string, number>();
    const workers = runWorkers(q, 2, async (key) => {
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      if (key === 'flaky' && n < 3) throw new Error(`attempt ${n} failed`);
      requeuesAtSuccess.set(key, q.numRequeues(key));
    });
    q.add('flaky');
    q.add('fine');
    const deadline = Date.now() + 2_000;
    while (!requeuesAtSuccess.has('flaky') && Date.now() < deadline) await tick(5);
    assert.equal(attempts.get('flaky'), 3);
    assert.equal(attempts.get('fine'), 1);
    assert.equal(requeuesAtSuccess.get('flaky'), 2, 'two failures were counted before the success');
    await tick(5);
    assert.equal(q.numRequeues('flaky'), 0, 'forgotten after success');
    q.shutDown();
    await workers;
  });

  it('never runs one key on two workers at once', async () => {
    const q = new WorkQueue();
    let concurrent = 0;
    let maxConcurrent = 0;
    let runs = 0;
    const workers = runWorkers(q, 4, async () => {
      concurrent++;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      runs++;
      await tick(10);
      concurrent--;
    });
    for (let i = 0; i < 5; i++) {
      q.add('same');
      await tick(3);
    }
    const deadline = Date.now() + 2_000;
    while ((concurrent > 0 || q.len() > 0) && Date.now() < deadline) await tick(5);
    assert.equal(maxConcurrent, 1);
    assert.ok(runs >= 2 && runs <= 5, `ran ${runs} times`);
    q.shutDown();
    await workers;
  });
});
