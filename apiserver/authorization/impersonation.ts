// User impersonation, as kube-apiserver's filter does it for `kubectl --as` and
// `--as-group`: the caller names another identity in Impersonate-* headers, each
// part is authorized as the `impersonate` verb on users, groups, uids or
// serviceaccounts, and only then does the request run as that identity. Extra
// fields are refused: Flotilla's users carry none, so nothing could check them.
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../../api/errors.js';
import type { Attributes, Authorizer, UserInfo } from './attributes.js';
import { forbiddenError } from './forbidden-message.js';

export const IMPERSONATE_USER_HEADER = 'impersonate-user';
export const IMPERSONATE_GROUP_HEADER = 'impersonate-group';
export const IMPERSONATE_UID_HEADER = 'impersonate-uid';
const IMPERSONATE_EXTRA_PREFIX = 'impersonate-extra-';
const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';
const AUTHENTICATION_GROUP = 'authentication.k8s.io';
const ALL_AUTHENTICATED = 'system:authenticated';
const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';

interface Requested {
  user?: string;
  groups: string[];
  uid?: string;
}

function headerValues(headers: IncomingHttpHeaders, name: string): string[] {
  const value = headers[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim());
}

function requested(headers: IncomingHttpHeaders): Requested | undefined {
  const users = headerValues(headers, IMPERSONATE_USER_HEADER);
  const groups = headerValues(headers, IMPERSONATE_GROUP_HEADER);
  const uids = headerValues(headers, IMPERSONATE_UID_HEADER);
  const extras = Object.keys(headers).filter((h) => h.startsWith(IMPERSONATE_EXTRA_PREFIX));
  if (users.length === 0 && groups.length === 0 && uids.length === 0 && extras.length === 0) return undefined;
  if (extras.length > 0) throw new ApiError('BadRequest', `impersonating user extra fields is not supported: ${extras.join(', ')}`);
  if (users.length > 1) throw new ApiError('BadRequest', 'only one Impersonate-User header may be given');
  if (uids.length > 1) throw new ApiError('BadRequest', 'only one Impersonate-Uid header may be given');
  const user = users[0];
  if (user === undefined) throw new ApiError('BadRequest', 'Impersonate-Group and Impersonate-Uid need Impersonate-User: requested an identity without a user');
  if (!user) throw new ApiError('BadRequest', 'Impersonate-User must name a user');
  return { user, groups, uid: uids[0] };
}

/** The namespace and name of a service account's user name, or undefined for other users. */
function serviceAccountOf(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const [namespace, name, ...rest] = user.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  return namespace && name && rest.length === 0 ? { namespace, name } : undefined;
}

function impersonateAttributes(caller: UserInfo, resource: string, name: string, namespace = '', apiGroup = ''): Attributes {
  return { kind: 'resource', user: caller, verb: 'impersonate', apiGroup, apiVersion: '', resource, subresource: '', namespace, name };
}

/** Every check the request needs, one per impersonated part. */
function checks(caller: UserInfo, wanted: Requested & { user: string }): Attributes[] {
  const account = serviceAccountOf(wanted.user);
  const out = [
    account
      ? impersonateAttributes(caller, 'serviceaccounts', account.name, account.namespace)
      : impersonateAttributes(caller, 'users', wanted.user),
    ...wanted.groups.map((g) => impersonateAttributes(caller, 'groups', g)),
  ];
  if (wanted.uid !== undefined) out.push(impersonateAttributes(caller, 'uids', wanted.uid, '', AUTHENTICATION_GROUP));
  return out;
}

/** The groups the impersonated user ends up in: those asked for, plus what authentication would have added. */
function effectiveGroups(user: string, groups: readonly string[]): string[] {
  const out = [...groups];
  const account = serviceAccountOf(user);
  if (account && groups.length === 0) out.push(ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${account.namespace}`);
  if (!out.includes(ALL_AUTHENTICATED)) out.push(ALL_AUTHENTICATED);
  return out;
}

/**
 * The identity the request runs as: the caller's own without Impersonate-* headers,
 * else the impersonated one once every part of it was authorized (no authorizer: all are).
 */
export function impersonatedUser(headers: IncomingHttpHeaders, caller: UserInfo, authorizer: Authorizer | undefined): UserInfo {
  const wanted = requested(headers);
  if (!wanted?.user) return caller;
  const user = wanted.user;
  for (const attrs of checks(caller, { ...wanted, user })) {
    const decision = authorizer ? authorizer.authorize(attrs) : { allowed: true, reason: '' };
    if (!decision.allowed) throw forbiddenError(attrs, decision.reason);
  }
  return { name: user, uid: wanted.uid ?? '', groups: effectiveGroups(user, wanted.groups) };
}
