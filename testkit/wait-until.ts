// Polls a condition in tests, failing with a message instead of hanging.
export const WAIT_UNTIL_DEFAULT_TIMEOUT_MS = 5_000;
const POLL_INTERVAL_MS = 10;

export async function waitUntil(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = WAIT_UNTIL_DEFAULT_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
