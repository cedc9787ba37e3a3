// Client certificates in the authenticator chain: the transport verified the
// certificate against the client CA before it reached here.
import type { Authenticator } from '../http/authenticator.js';
import { userFromCertificate } from './x509-user.js';

export const certificateAuthenticator: Authenticator = {
  authenticate: async ({ peerCertificate }) => (peerCertificate ? userFromCertificate(peerCertificate) : undefined),
};
