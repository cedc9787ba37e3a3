// Bearer tokens that are service-account JWTs: the caller is the account
// (`system:serviceaccount:<ns>:<name>` in system:serviceaccounts and
// system:serviceaccounts:<ns>), as kube-apiserver's token authenticator says.
// Other bearer tokens are left to the next authenticator in the chain.
import type { Logger } from '../../client/logger.js';
import { tokenAuthenticator, type Authenticator } from '../http/authenticator.js';
import { InvalidJwtError, looksLikeJwt } from './jwt.js';
import { serviceAccountGroups, serviceAccountUsername } from './token-claims.js';
import { StaleTokenError, type TokenIssuer } from './token-issuer.js';

export function serviceAccountTokenAuthenticator(issuer: TokenIssuer, log: Logger): Authenticator {
  return tokenAuthenticator(async (token) => {
    if (!looksLikeJwt(token)) return undefined;
    try {
      const claim = await issuer.verify(token);
      return {
        name: serviceAccountUsername(claim.namespace, claim.serviceaccount.name),
        uid: claim.serviceaccount.uid,
        groups: serviceAccountGroups(claim.namespace),
      };
    } catch (err) {
      if (!(err instanceof InvalidJwtError || err instanceof StaleTokenError)) throw err;
      log.debug({ reason: err.message }, 'service-account token refused');
      return undefined;
    }
  });
}
