// What time it is, for every component. Controllers, the scheduler and the
// agent read time only through a Clock they were given, so their tests move
// time by hand instead of waiting for a deadline to pass.
import { timerDelay } from './timer-delay.js';

/** Cancels a wake-up that has not fired yet; harmless after it fired. */
export type CancelTimer = () => void;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` once, `ms` from now. */
  after(ms: number, fn: () => void): CancelTimer;
}

/** The machine's clock, what every process is given in production. */
export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, timerDelay(ms));
    return () => clearTimeout(timer);
  },
};
