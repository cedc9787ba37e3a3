// Timers and waits that an AbortSignal cuts short, so stop() never waits out a
// backoff or a slow request.
import { systemClock, type Clock } from './clock.js';

/** Resolves after `ms` by `clock`, or at once when `signal` aborts; never rejects. */
export function sleep(ms: number, signal?: AbortSignal, clock: Clock = systemClock): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      cancel();
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const cancel = clock.after(ms, done);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * A signal that aborts `ms` from now by `clock`, as AbortSignal.timeout does by
 * the machine's; cancel() once the guarded work is over, so no timer outlives it.
 */
export function timeoutSignal(ms: number, clock: Clock = systemClock): { signal: AbortSignal; cancel: () => void } {
  const controller = new AbortController();
  const cancel = clock.after(ms, () => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')));
  return { signal: controller.signal, cancel };
}

/** Answers `promise`'s outcome, or `{ aborted: true }` as soon as `signal` aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<{ aborted: false; value: T } | { aborted: true }> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.resolve({ aborted: true });
  }
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      promise.catch(() => undefined);
      resolve({ aborted: true });
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve({ aborted: false, value });
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
