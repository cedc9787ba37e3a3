// Who is calling: each authenticator recognises one kind of credential. The
// token file is the first; client certificates and service-account tokens join
// later as further authenticators in the same chain.
import type { IncomingMessage } from 'node:http';
import type { UserInfo } from './request-context.js';

/** The group Kubernetes gives every authenticated caller, whatever recognised it. */
export const AUTHENTICATED_GROUP = 'system:authenticated';

export interface Authenticator {
  /** The caller, or undefined when this authenticator does not recognise the request's credentials. */
  authenticate(req: IncomingMessage): Promise<UserInfo | undefined>;
}

/** The token of an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : undefined;
}

/** Tries each authenticator in turn; the first that recognises the caller wins. */
export function authenticatorChain(authenticators: readonly Authenticator[]): Authenticator {
  return {
    async authenticate(req) {
      for (const authenticator of authenticators) {
        const user = await authenticator.authenticate(req);
        if (user) return withAuthenticatedGroup(user);
      }
      return undefined;
    },
  };
}

function withAuthenticatedGroup(user: UserInfo): UserInfo {
  return user.groups.includes(AUTHENTICATED_GROUP) ? user : { ...user, groups: [...user.groups, AUTHENTICATED_GROUP] };
}
