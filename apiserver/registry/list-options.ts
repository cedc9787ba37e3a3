// What a list may ask beyond its selectors (limit, continue, resourceVersion,
// resourceVersionMatch), checked by Kubernetes' rules before storage is read.
import { ApiError, badRequest, invalid, type FieldError } from '../../api/errors.js';
import type { RegistryContext } from './context.js';

export type ResourceVersionMatch = '' | 'Exact' | 'NotOlderThan';

export const EXACT = 'Exact';
export const NOT_OLDER_THAN = 'NotOlderThan';

export interface ListOptions {
  /** At most this many items per page; absent, 0 or negative lists everything, as Kubernetes reads it. */
  limit?: number;
  /** The token a previous page handed out. */
  continue?: string;
  /** "" for the newest state, "0" for any state, else a revision. */
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

/** A resourceVersion from a client: etcd revisions are non-negative integers. */
export function parseResourceVersion(value: string): number {
  if (!/^\d+$/.test(value)) throw badRequest(`invalid resource version "${value}": it must be a non-negative integer`);
  return Number(value);
}

/** Kubernetes' ListOptions validation for a list (not a watch): field errors as one Invalid ListOptions. */
export function validateListOptions(options: ListOptions): void {
  const { resourceVersion = '', resourceVersionMatch: match = '', continue: token = '' } = options;
  const errors: FieldError[] = [];
  const forbid = (detail: string): void => void errors.push({ field: 'resourceVersionMatch', type: 'Forbidden', detail });
  if (match !== '') {
    if (resourceVersion === '') forbid('resourceVersionMatch is forbidden unless resourceVersion is provided');
    if (token !== '') forbid('resourceVersionMatch is forbidden when continue is provided');
    if (match !== EXACT && match !== NOT_OLDER_THAN) {
      errors.push({ field: 'resourceVersionMatch', type: 'NotSupported', value: match, detail: `supported values: "${EXACT}", "${NOT_OLDER_THAN}", ""` });
    }
    if (match === EXACT && resourceVersion === '0') forbid(`resourceVersionMatch "exact" is forbidden for resourceVersion "0"`);
  }
  if (errors.length > 0) throw invalid('ListOptions', 'meta.k8s.io', '', errors);
  if (token !== '' && resourceVersion !== '' && resourceVersion !== '0') {
    throw badRequest('specifying resource version is not allowed when using continue');
  }
}

/** What Kubernetes answers when a client names a revision the store has not reached: retry in a second. */
export function tooLargeResourceVersion(asked: number, current: number): ApiError {
  return new ApiError('Timeout', `Too large resource version: ${asked}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}

/** Refuses a read that names a revision the store has not reached. */
export async function assertRevisionReached(ctx: RegistryContext, revision: number): Promise<void> {
  const current = await ctx.store.currentRevision();
  if (revision > current) throw tooLargeResourceVersion(revision, current);
}
