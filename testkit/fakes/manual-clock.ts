// A Clock that moves only when a test tells it to. Wake-ups fire in time order
// as the clock passes them, each seeing now() at its own due time.
import type { CancelTimer, Clock } from '../../client/clock.js';

/** Where manual clocks start unless told: a fixed instant, so test output does not depend on the day. */
export const MANUAL_CLOCK_START_MS = Date.parse('2024-01-01T00:00:00Z');

interface Wakeup {
  readonly at: number;
  readonly order: number;
  readonly fn: () => void;
}

export class ManualClock implements Clock {
  private ms: number;
  private nextOrder = 0;
  private wakeups: Wakeup[] = [];

  constructor(startMs = MANUAL_CLOCK_START_MS) {
    this.ms = startMs;
  }

  now(): number {
    return this.ms;
  }

  after(ms: number, fn: () => void): CancelTimer {
    const wakeup: Wakeup = { at: this.ms + Math.max(0, ms), order: this.nextOrder++, fn };
    this.wakeups.push(wakeup);
    return () => {
      this.wakeups = this.wakeups.filter((w) => w !== wakeup);
    };
  }

  /** Wake-ups not fired or cancelled yet. */
  get pending(): number {
    return this.wakeups.length;
  }

  /** Moves time forward by `ms`, firing what falls due on the way, earliest first. */
  advance(ms: number): void {
    const target = this.ms + ms;
    for (let due = this.firstDue(target); due; due = this.firstDue(target)) {
      this.wakeups = this.wakeups.filter((w) => w !== due);
      this.ms = Math.max(this.ms, due.at);
      due.fn();
    }
    this.ms = target;
  }

  private firstDue(target: number): Wakeup | undefined {
    let first: Wakeup | undefined;
    for (const w of this.wakeups) {
      if (w.at > target) continue;
      if (!first || w.at < first.at || (w.at === first.at && w.order < first.order)) first = w;
    }
    return first;
  }
}
