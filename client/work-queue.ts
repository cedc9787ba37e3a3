// A rate-limited work queue with client-go's guarantees: a key waits at most
// once however often it is added; a key being processed is never handed to a
// second worker; a key added while it is processed runs again after done().
import { systemClock, type CancelTimer, type Clock } from './clock.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiters.js';
import type { WorkQueueMetrics } from './work-queue-metrics.js';

export * from './rate-limiters.js';
export { prometheusWorkQueueMetrics, type WorkQueueMetrics } from './work-queue-metrics.js';

export interface WorkQueueOptions {
  /** Names the queue in logs and metrics. */
  name?: string;
  /** Default: defaultControllerRateLimiter() on `clock` (5 ms .. 1000 s per key, 10 qps / burst 100 overall). */
  rateLimiter?: RateLimiter;
  metrics?: WorkQueueMetrics;
  /** Times delayed adds (and the default rate limiter's bucket); default: the system clock. */
  clock?: Clock;
}

interface Delayed {
  readyAt: number;
  cancel: CancelTimer;
}

/** FIFO of keys; an index instead of Array.shift keeps takes O(1) on long queues. */
class KeyFifo {
  private items: string[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(key: string): void {
    this.items.push(key);
  }

  shift(): string | undefined {
    if (this.head >= this.items.length) return undefined;
    const key = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return key;
  }
}

export class WorkQueue {
  readonly name: string;
  private readonly rateLimiter: RateLimiter;
  private readonly metrics: WorkQueueMetrics | undefined;
  private readonly clock: Clock;
  private readonly queue = new KeyFifo();
  /** Keys that need processing: waiting in the queue, or to be re-queued on done(). */
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly delayed = new Map<string, Delayed>();
  private waiters: ((key: string | undefined) => void)[] = [];
  private shuttingDown = false;

  constructor(opts: WorkQueueOptions = {}) {
    this.name = opts.name ?? 'queue';
    this.clock = opts.clock ?? systemClock;
    this.rateLimiter = opts.rateLimiter ?? defaultControllerRateLimiter({ now: () => this.clock.now() });
    this.metrics = opts.metrics;
  }

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.metrics?.add();
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.handOut();
  }

  /** Adds `key` after `ms`; a key already waiting keeps the earlier of the two times. */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const readyAt = this.clock.now() + ms;
    const existing = this.delayed.get(key);
    if (existing && existing.readyAt <= readyAt) return;
    existing?.cancel();
    const cancel = this.clock.after(ms, () => {
      this.delayed.delete(key);
      this.add(key);
    });
    this.delayed.set(key, { readyAt, cancel });
  }

  /** Re-adds `key` after the wait its rate limiter asks for (one more failure). */
  addRateLimited(key: string): void {
    if (this.shuttingDown) return;
    this.metrics?.retry();
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** `key` succeeded: its next failure starts the backoff from the beginning. */
  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.rateLimiter.numRequeues(key);
  }

  /**
   * The next key to process, marked as processing until done(key). Waits while
   * the queue is empty; answers undefined once the queue is shut down.
   */
  get(): Promise<string | undefined> {
    if (this.shuttingDown) return Promise.resolve(undefined);
    const key = this.take();
    if (key !== undefined) return Promise.resolve(key);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(key: string): void {
    if (!this.processing.delete(key)) return;
    if (this.dirty.has(key) && !this.shuttingDown) {
      this.queue.push(key);
      this.handOut();
    }
  }

  /** Keys waiting to be handed out (not those being processed or delayed). */
  len(): number {
    return this.queue.length;
  }

  /** Stops handing out keys: waiting and later get() calls answer undefined; delayed adds are dropped. */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    for (const d of this.delayed.values()) d.cancel();
    this.delayed.clear();
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(undefined);
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  private take(): string | undefined {
    const key = this.queue.shift();
    if (key === undefined) return undefined;
    this.dirty.delete(key);
    this.processing.add(key);
    this.metrics?.depth(this.queue.length);
    return key;
  }

  private handOut(): void {
    this.metrics?.depth(this.queue.length);
    while (this.waiters.length > 0 && this.queue.length > 0) {
      const resolve = this.waiters.shift();
      const key = this.take();
      if (resolve && key !== undefined) resolve(key);
    }
  }
}
