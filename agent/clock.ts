// The agent's helpers on a Clock (client/clock.ts): periodic wake-ups, sleeps,
// and the times it writes into status.
import type { CancelTimer, Clock } from '../client/clock.js';

export { systemClock, type CancelTimer, type Clock } from '../client/clock.js';

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
