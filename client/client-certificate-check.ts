// Decides whether a caller's client certificate lets it in: Unauthorized when
// it brings none or one the client CA did not sign, Forbidden when the
// identity it names may not use the port. Shared by every TLS port that
// authenticates by certificate (health and metrics servers, the agent's API).
import type { PeerCertificate } from 'node:tls';
import { ApiError } from '../api/errors.js';
import { certificateIdentity, describeIdentity, type CertificateIdentity } from './x509-identity.js';

/** What the TLS layer saw of the caller's certificate. */
export interface PresentedCertificate {
  /** The certificate chains to the client CA. */
  verified: boolean;
  /** Why it does not, as TLS says it (UNABLE_TO_VERIFY_LEAF_SIGNATURE, ...). */
  verifyError?: string;
  /** The certificate; absent (or without a subject) when the caller sent none. */
  cert?: Pick<PeerCertificate, 'subject'>;
}

/** Undefined lets the identity in; a text says why it may not. */
export type IdentityAuthorizer = (identity: CertificateIdentity) => string | undefined;

/** Any certificate the client CA signed may call. */
export const ANY_VERIFIED_IDENTITY: IdentityAuthorizer = () => undefined;

function presented(peer: PresentedCertificate): boolean {
  return peer.cert?.subject !== undefined && Object.keys(peer.cert.subject).length > 0;
}

/**
 * The refusal for `peer` on `target` (a path, a method), or undefined when it may call.
 * A resumed TLS session without a certificate reports itself authorized in Node,
 * so a missing certificate is looked at before the verification flag.
 */
export function checkClientCertificate(peer: PresentedCertificate, target: string, authorize: IdentityAuthorizer): ApiError | undefined {
  const unauthorized = (why: string) => new ApiError('Unauthorized', `Unauthorized: ${target} needs a client certificate signed by the client CA (--client-ca-file); ${why}`);
  if (!presented(peer)) return unauthorized('no client certificate was presented');
  if (!peer.verified) return unauthorized(`the client certificate is not signed by the client CA (${peer.verifyError ?? 'not verified'})`);
  const identity = certificateIdentity(peer.cert);
  if (!identity) return new ApiError('Unauthorized', `Unauthorized: the client certificate names no user (its subject has no CN)`);
  const refusal = authorize(identity);
  return refusal === undefined ? undefined : new ApiError('Forbidden', `Forbidden (${describeIdentity(identity)}, target=${target}): ${refusal}`);
}

/** Authorizes exactly these users (by CN), whatever their groups. */
export function allowUsers(users: readonly string[], flag: string): IdentityAuthorizer {
  const allowed = new Set(users);
  return (identity) => (allowed.has(identity.user) ? undefined : `only ${[...allowed].join(', ') || 'no user'} may call (${flag})`);
}
