// After an apiserver restart a gRPC channel fails fast until it has reconnected;
// tests that write through it right then retry until it answers.
import { isApiError } from '../api/errors.js';

export const RETRY_UNAVAILABLE_TIMEOUT_MS = 30_000;
const RETRY_INTERVAL_MS = 200;

export async function retryUnavailable<T>(fn: () => Promise<T>, timeoutMs = RETRY_UNAVAILABLE_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!isApiError(err, 'ServiceUnavailable') || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, RETRY_INTERVAL_MS));
    }
  }
}
