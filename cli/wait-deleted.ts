// --wait for delete: an object is gone when the server answers NotFound for
// it, or has a new object of the same name (another uid) in its place.
import { isApiError } from '../api/errors.js';
import type { ResourceInfo } from '../api/resources.js';
import type { ApiClient } from '../client/api-client.js';
import { CliError } from './cli-error.js';

export const DELETE_POLL_INTERVAL_MS = 250;
/** kubectl waits this long when --timeout is 0 ("wait as long as it takes"). */
export const UNBOUNDED_WAIT_MS = 7 * 24 * 3_600_000;

export async function waitUntilDeleted(
  client: Pick<ApiClient, 'get'>,
  info: ResourceInfo,
  namespace: string,
  name: string,
  uid: string | undefined,
  timeoutMs: number,
  pollMs = DELETE_POLL_INTERVAL_MS,
): Promise<void> {
  const deadline = Date.now() + (timeoutMs > 0 ? timeoutMs : UNBOUNDED_WAIT_MS);
  for (;;) {
    try {
      const obj = await client.get(info, namespace, name);
      if (uid && obj.metadata.uid !== uid) return;
    } catch (err) {
      if (isApiError(err, 'NotFound')) return;
      throw err;
    }
    if (Date.now() >= deadline) {
      throw new CliError(`timed out waiting for the condition on ${info.plural}/${name}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(0, deadline - Date.now()))));
  }
}
