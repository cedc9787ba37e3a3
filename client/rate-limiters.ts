// How long a work-queue key waits before it is retried, as client-go's
// workqueue rate limiters: per-key exponential backoff, an overall token bucket
// so a storm of failures cannot hammer the apiserver, and the max of both.

export interface RateLimiter {
  /** How long `key` should wait now; counts as one more failure of it. */
  when(key: string): number;
  /** Clears what is remembered about `key` (it succeeded). */
  forget(key: string): void;
  numRequeues(key: string): number;
}

/** First retry of a failing key waits this long. */
export const DEFAULT_BASE_DELAY_MS = 5;
/** A key never waits longer than this (client-go: 1000 s). */
export const DEFAULT_MAX_DELAY_MS = 1_000_000;
/** Overall retries per second across all keys. */
export const DEFAULT_QPS = 10;
/** Retries allowed at once before the overall rate applies. */
export const DEFAULT_BURST = 100;

export interface ExponentialOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** base * 2^failures, capped at max, per key. */
export class ItemExponentialRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>();
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;

  constructor(opts: ExponentialOptions = {}) {
    this.baseDelayMs = opts.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    this.maxDelayMs = opts.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  }

  when(key: string): number {
    const exp = this.failures.get(key) ?? 0;
    this.failures.set(key, exp + 1);
    const delay = this.baseDelayMs * 2 ** exp;
    return Number.isFinite(delay) ? Math.min(delay, this.maxDelayMs) : this.maxDelayMs;
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }
}

export interface TokenBucketOptions {
  qps?: number;
  burst?: number;
  /** Clock in ms, for tests. */
  now?: () => number;
}

/**
 * One bucket for all keys: holds up to `burst` tokens, refills at `qps`. Each
 * call reserves a token, waiting for it if the bucket is empty (reservations
 * queue up, as golang.org/x/time/rate's Reserve does).
 */
export class TokenBucketRateLimiter implements RateLimiter {
  readonly qps: number;
  readonly burst: number;
  private readonly now: () => number;
  private tokens: number;
  private last: number;

  constructor(opts: TokenBucketOptions = {}) {
    this.qps = opts.qps ?? DEFAULT_QPS;
    this.burst = opts.burst ?? DEFAULT_BURST;
    this.now = opts.now ?? Date.now;
    this.tokens = this.burst;
    this.last = this.now();
  }

  when(_key: string): number {
    const now = this.now();
    const elapsedS = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + elapsedS * this.qps);
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }

  forget(_key: string): void {
    // The bucket is shared by all keys: nothing per key to forget.
  }

  numRequeues(_key: string): number {
    return 0;
  }
}

/** The longest wait any of its limiters asks for. */
export class MaxOfRateLimiter implements RateLimiter {
  private readonly limiters: readonly RateLimiter[];

  constructor(...limiters: RateLimiter[]) {
    this.limiters = limiters;
  }

  when(key: string): number {
    let longest = 0;
    for (const limiter of this.limiters) longest = Math.max(longest, limiter.when(key));
    return longest;
  }

  forget(key: string): void {
    for (const limiter of this.limiters) limiter.forget(key);
  }

  numRequeues(key: string): number {
    let most = 0;
    for (const limiter of this.limiters) most = Math.max(most, limiter.numRequeues(key));
    return most;
  }
}

/** client-go's DefaultControllerRateLimiter: max(per-key exponential, overall bucket). */
export function defaultControllerRateLimiter(opts: ExponentialOptions & TokenBucketOptions = {}): RateLimiter {
  return new MaxOfRateLimiter(new ItemExponentialRateLimiter(opts), new TokenBucketRateLimiter(opts));
}
