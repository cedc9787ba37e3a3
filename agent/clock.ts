// The agent's time: what time it is and wake-ups after a delay. Pod code reads
// time only through a Clock, so its unit tests run on a clock they move by hand.
import { timerDelay } from '../client/timer-delay.js';

/** Cancels a wake-up that has not fired yet; harmless after it fired. */
export type CancelTimer = () => void;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` once, `ms` from now. */
  after(ms: number, fn: () => void): CancelTimer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, timerDelay(ms));
    return () => clearTimeout(timer);
  },
};

/** Calls `fn` every `ms` until cancelled. */
export function every(clock: Clock, ms: number, fn: () => void): CancelTimer {
  let cancel: CancelTimer = () => undefined;
  const tick = (): void => {
    cancel = clock.after(ms, tick);
    fn();
  };
  cancel = clock.after(ms, tick);
  return () => cancel();
}

/** Resolves `ms` from now. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.after(ms, resolve));
}

/** RFC 3339 at second precision, as Kubernetes writes times in status. */
export function rfc3339Seconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
