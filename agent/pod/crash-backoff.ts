// Per-container restart backoff (CrashLoopBackOff, ImagePullBackOff), as the
// kubelet counts it: the first failure is retried at once; after that each
// failure waits, counted from when it failed, 10 s doubling to 5 min; a
// container that ran long enough starts over.
import { CRASH_BACKOFF_INITIAL_MS, CRASH_BACKOFF_MAX_MS, CRASH_BACKOFF_RESET_MS } from '../timing.js';

export interface BackoffSettings {
  initialMs: number;
  maxMs: number;
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = {
  initialMs: CRASH_BACKOFF_INITIAL_MS,
  maxMs: CRASH_BACKOFF_MAX_MS,
  resetAfterMs: CRASH_BACKOFF_RESET_MS,
};

export class CrashBackoff {
  private readonly delays = new Map<string, number>();

  constructor(
    private readonly settings: BackoffSettings = DEFAULT_BACKOFF,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds left before `key`, which failed at `failedAtMs`, may be retried. */
  remaining(key: string, failedAtMs: number): number {
    const delay = this.delays.get(key);
    if (delay === undefined) return 0;
    return Math.max(0, delay - (this.now() - failedAtMs));
  }

  /** The delay the next failure of `key` will wait (what Kubernetes prints as "back-off 20s"). */
  currentDelay(key: string): number {
    return this.delays.get(key) ?? 0;
  }

  /** Records a retry happening now; `ranForMs` is how long the failed attempt ran. */
  recordRetry(key: string, ranForMs = 0): void {
    const delay = this.delays.get(key);
    if (delay === undefined || ranForMs >= this.settings.resetAfterMs) {
      this.delays.set(key, this.settings.initialMs);
      return;
    }
    this.delays.set(key, Math.min(delay * 2, this.settings.maxMs));
  }

  reset(key: string): void {
    this.delays.delete(key);
  }
}

/** A backoff delay as the kubelet prints it in "back-off 40s restarting ...": `40s`, `1m20s`, `5m0s`. */
export function formatBackoffDelay(delayMs: number): string {
  const seconds = Math.round(delayMs / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}
