// The user a verified client certificate stands for, as Kubernetes' X.509
// authenticator reads it: the subject's common name is the user name, every
// organization is a group. The subject is read from the certificate's DER
// (not from a printed form), so no value can smuggle in a group.
import type { X509Certificate } from 'node:crypto';
import { x509 } from '../../api/certificates/x509-library.js';
import type { UserInfo } from '../http/request-context.js';

/** Undefined when the subject has no common name: such a certificate names nobody. */
export function userFromCertificate(cert: X509Certificate): UserInfo | undefined {
  const { X509Certificate: ParsedCertificate } = x509();
  const subject = new ParsedCertificate(cert.raw).subjectName;
  // Go keeps the last common name of the subject; so does this.
  const name = subject.getField('CN').at(-1);
  if (!name) return undefined;
  return { name, uid: '', groups: subject.getField('O') };
}
