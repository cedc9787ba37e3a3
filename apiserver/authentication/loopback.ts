// The apiserver's own client (RBAC informers) and how it gets in, as
// kube-apiserver's loopback client: a random token made at start and known
// only to this process, which authenticates as system:apiserver in
// system:masters. It never leaves the process and dies with it.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { SYSTEM_MASTERS } from '../authorization/attributes.js';
import { tokenAuthenticator, type Authenticator } from '../http/authenticator.js';
import type { UserInfo } from '../http/request-context.js';

export const LOOPBACK_USER_NAME = 'system:apiserver';
/** 256 bits: not guessable within the process's life. */
export const LOOPBACK_TOKEN_BYTES = 32;

export interface LoopbackIdentity {
  token: string;
  user: UserInfo;
  authenticator: Authenticator;
}

export function loopbackIdentity(): LoopbackIdentity {
  const token = randomBytes(LOOPBACK_TOKEN_BYTES).toString('base64url');
  const expected = Buffer.from(token);
  const user: UserInfo = { name: LOOPBACK_USER_NAME, uid: randomUUID(), groups: [SYSTEM_MASTERS] };
  const authenticator = tokenAuthenticator(async (presented) => {
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected) ? { ...user, groups: [...user.groups] } : undefined;
  });
  return { token, user, authenticator };
}
