// Runs one sync function level-triggered: any number of requests while a sync
// is pending or running fold into one more run, runs are at least
// minIntervalMs apart (so a burst of watch events costs one rewrite), a failed
// run is retried with backoff, and a periodic run heals rules someone else
// flushed. Like kube-proxy's bounded-frequency runner. Time comes from the
// agent's clock, so its unit tests move it by hand.
import { Backoff } from '../../client/backoff.js';
import { every, type CancelTimer, type Clock } from '../clock.js';

export interface CoalescingRunnerOptions {
  minIntervalMs: number;
  periodMs: number;
  retryInitialMs: number;
  retryMaxMs: number;
  onError(err: unknown): void;
  clock: Clock;
}

export class CoalescingRunner {
  private cancelTimer: CancelTimer | undefined;
  private cancelPeriodic: CancelTimer | undefined;
  private running = false;
  private again = false;
  private lastRunMs = 0;
  private stopped = false;
  private readonly backoff: Backoff;

  constructor(
    private readonly sync: () => Promise<void>,
    private readonly opts: CoalescingRunnerOptions,
  ) {
    this.backoff = new Backoff(opts.retryInitialMs, opts.retryMaxMs);
  }

  start(): void {
    this.cancelPeriodic = every(this.opts.clock, this.opts.periodMs, () => this.request());
    this.request();
  }

  request(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.cancelTimer) return;
    const wait = Math.max(0, this.lastRunMs + this.opts.minIntervalMs - this.opts.clock.now());
    this.schedule(wait);
  }

  private schedule(ms: number): void {
    this.cancelTimer = this.opts.clock.after(ms, () => {
      this.cancelTimer = undefined;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    this.running = true;
    this.again = false;
    this.lastRunMs = this.opts.clock.now();
    let retryIn: number | undefined;
    try {
      await this.sync();
      this.backoff.reset();
    } catch (err) {
      this.opts.onError(err);
      retryIn = this.backoff.next();
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    if (retryIn !== undefined) this.schedule(Math.max(retryIn, this.opts.minIntervalMs));
    else if (this.again) this.request();
  }

  /** Stops scheduling; a run in progress finishes. */
  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelPeriodic?.();
  }
}
