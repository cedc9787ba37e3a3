// The per-pod loop: every trigger (pod update, Docker event, timer, probe
// result) asks for a sync; requests that come in while a sync runs are
// coalesced into one more sync; a failed sync is retried with a doubling
// delay; wake-ups are kept to the earliest one asked for.
import type { Logger } from 'pino';
import type { CancelTimer, Clock } from '../clock.js';
import { SYNC_RETRY_INITIAL_MS, SYNC_RETRY_MAX_MS } from '../timing.js';

type LoopState =
  | { kind: 'idle' }
  | { kind: 'running'; again: boolean }
  | { kind: 'stopped' };

interface Wakeup {
  at: number;
  cancel: CancelTimer;
}

export interface PodLoopOptions {
  clock: Clock;
  logger: Logger;
  /** One pass of the pod's syncer; a rejection is retried with backoff. */
  sync: () => Promise<void>;
}

export class PodLoop {
  private state: LoopState = { kind: 'idle' };
  private wakeup: Wakeup | undefined;
  private retryDelayMs = SYNC_RETRY_INITIAL_MS;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(private readonly options: PodLoopOptions) {}

  get stopped(): boolean {
    return this.state.kind === 'stopped';
  }

  request(): void {
    const state = this.state;
    if (state.kind === 'stopped') return;
    if (state.kind === 'running') {
      state.again = true;
      return;
    }
    this.state = { kind: 'running', again: false };
    this.idle = new Promise((resolve) => (this.markIdle = resolve));
    void this.run();
  }

  /** Asks for a sync `ms` from now, unless an earlier wake-up is already set. */
  wakeIn(ms: number): void {
    if (this.state.kind === 'stopped') return;
    const at = this.options.clock.now() + ms;
    if (this.wakeup && at >= this.wakeup.at) return;
    this.wakeup?.cancel();
    this.wakeup = {
      at,
      cancel: this.options.clock.after(ms, () => {
        this.wakeup = undefined;
        this.request();
      }),
    };
  }

  /** No sync starts after this; one in progress finishes (whenIdle). */
  stop(): void {
    this.state = { kind: 'stopped' };
    this.wakeup?.cancel();
    this.wakeup = undefined;
  }

  /** Resolves when no sync is running. */
  whenIdle(): Promise<void> {
    return this.idle;
  }

  private async run(): Promise<void> {
    try {
      for (;;) {
        if (this.state.kind === 'running') this.state.again = false;
        await this.syncOnce();
        const state = this.state as LoopState;
        if (state.kind !== 'running' || !state.again) break;
      }
    } finally {
      if (this.state.kind === 'running') this.state = { kind: 'idle' };
      this.markIdle();
    }
  }

  private async syncOnce(): Promise<void> {
    try {
      await this.options.sync();
      this.retryDelayMs = SYNC_RETRY_INITIAL_MS;
    } catch (err) {
      this.options.logger.warn({ err: err instanceof Error ? err.message : String(err), retryMs: this.retryDelayMs }, 'pod sync failed; retrying');
      this.wakeIn(this.retryDelayMs);
      this.retryDelayMs = Math.min(this.retryDelayMs * 2, SYNC_RETRY_MAX_MS);
    }
  }
}
