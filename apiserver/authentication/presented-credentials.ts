// What a caller presented, turned into the chain's credentials the same way
// for HTTPS and gRPC. A certificate that does not verify refuses the request
// (401) rather than letting it pass as if none had been sent.
import { unauthorized } from '../../api/errors.js';
import type { Logger } from '../../client/logger.js';
import { bearerTokenOf, type RequestCredentials } from '../http/authenticator.js';
import { CertificateVerifyError, type ClientCertificateVerifier } from './client-certificates.js';

export interface Presented {
  /** The Authorization header (or gRPC metadata) as sent. */
  authorization: unknown;
  /** The DER of the client certificate, when the TLS layer got one. */
  peerCertificate?: Buffer;
}

export function presentedCredentials(presented: Presented, verifier: ClientCertificateVerifier | undefined, log: Logger): RequestCredentials {
  const bearerToken = bearerTokenOf(presented.authorization);
  // Without --client-ca-file no certificate is asked for, and one that comes anyway identifies nobody.
  if (!presented.peerCertificate || presented.peerCertificate.length === 0 || !verifier) return { bearerToken };
  try {
    return { bearerToken, peerCertificate: verifier.verify(presented.peerCertificate) };
  } catch (err) {
    if (!(err instanceof CertificateVerifyError)) throw err;
    log.debug({ reason: err.message }, 'client certificate refused');
    throw unauthorized();
  }
}
