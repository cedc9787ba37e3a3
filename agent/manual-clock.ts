// A Clock that moves only when told: wake-ups fire in time order as it passes them.
import type { CancelTimer, Clock } from './clock.js';

interface Wakeup {
  at: number;
  seq: number;
  fn: () => void;
}

export class ManualClock implements Clock {
  private ms: number;
  private seq = 0;
  private wakeups: Wakeup[] = [];

  constructor(startMs = Date.parse('2024-01-01T00:00:00Z')) {
    this.ms = startMs;
  }

  now(): number {
    return this.ms;
  }

  after(ms: number, fn: () => void): CancelTimer {
    const wakeup = { at: this.ms + Math.max(0, ms), seq: this.seq++, fn };
    this.wakeups.push(wakeup);
    return () => {
      this.wakeups = this.wakeups.filter((w) => w !== wakeup);
    };
  }

  /** Wake-ups still waiting. */
  get pending(): number {
    return this.wakeups.length;
  }

  /** Moves time forward by `ms`, firing every wake-up that falls due, earliest first. */
  advance(ms: number): void {
    const target = this.ms + ms;
    for (;;) {
      const due = this.wakeups.filter((w) => w.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.wakeups = this.wakeups.filter((w) => w !== due);
      this.ms = Math.max(this.ms, due.at);
      due.fn();
    }
    this.ms = target;
  }
}
