// Whether an object is stored, for tests that wait for or check a deletion.
import { isApiError } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { ApiClient } from '../../client/api-client.js';

/** True when the apiserver has the object, false when it answers NotFound; other errors throw. */
export async function objectExists(client: ApiClient, resource: ResourceInfo, namespace: string, name: string): Promise<boolean> {
  try {
    await client.get(resource, namespace, name);
    return true;
  } catch (err) {
    if (isApiError(err, 'NotFound')) return false;
    throw err;
  }
}
