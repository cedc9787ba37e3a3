// A write to an object that has gone meanwhile is no failure for a controller:
// the watch brings the deletion and the next sync starts from there.
import { isApiError } from '../../api/errors.js';

/** `p`'s value, or undefined when it fails with NotFound. */
export async function ignoreNotFound<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (isApiError(err, 'NotFound')) return undefined;
    throw err;
  }
}
