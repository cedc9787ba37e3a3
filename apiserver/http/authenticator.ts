// Who is calling: each authenticator recognises one kind of credential (a
// bearer token of the token file, a service-account token, a verified client
// certificate). The chain is transport-neutral: the HTTPS API and the gRPC
// port both hand it what the caller presented, so they recognise the same
// callers the same way.
import type { X509Certificate } from 'node:crypto';
import type { UserInfo } from './request-context.js';

/** The group Kubernetes gives every authenticated caller, whatever recognised it. */
export const AUTHENTICATED_GROUP = 'system:authenticated';

/** What a caller presented, whichever port it came through. */
export interface RequestCredentials {
  /** The token of `Authorization: Bearer <token>` (an HTTP header or gRPC metadata). */
  bearerToken?: string;
  /** A client certificate that already verified against the client CA (never an unverified one). */
  peerCertificate?: X509Certificate;
}

export interface Authenticator {
  /** The caller, or undefined when this authenticator does not recognise the credentials. */
  authenticate(credentials: RequestCredentials): Promise<UserInfo | undefined>;
}

/** The token of an `Authorization: Bearer <token>` value, if it is one. */
export function bearerTokenOf(authorization: unknown): string | undefined {
  if (typeof authorization !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match ? match[1] : undefined;
}

/** An authenticator of bearer tokens only, from a function that recognises a token. */
export function tokenAuthenticator(authenticateToken: (token: string) => Promise<UserInfo | undefined>): Authenticator {
  return {
    authenticate: async ({ bearerToken }) => (bearerToken === undefined ? undefined : authenticateToken(bearerToken)),
  };
}

/** Tries each authenticator in turn; the first that recognises the caller wins. */
export function authenticatorChain(authenticators: readonly Authenticator[]): Authenticator {
  return {
    async authenticate(credentials) {
      for (const authenticator of authenticators) {
        const user = await authenticator.authenticate(credentials);
        if (user) return withAuthenticatedGroup(user);
      }
      return undefined;
    },
  };
}

function withAuthenticatedGroup(user: UserInfo): UserInfo {
  return user.groups.includes(AUTHENTICATED_GROUP) ? user : { ...user, groups: [...user.groups, AUTHENTICATED_GROUP] };
}
