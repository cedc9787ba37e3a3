// Who a verified client certificate names, by Kubernetes' X.509 rule: the
// user is the subject's CN, the groups are every subject O.
import type { PeerCertificate } from 'node:tls';

export interface CertificateIdentity {
  user: string;
  groups: string[];
}

/** Node gives a repeated subject attribute as an array, a single one as a string. */
type SubjectValue = string | readonly string[] | undefined;

function values(value: SubjectValue): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

/** The identity of a certificate's subject; undefined when it has no CN, which names no user. */
export function certificateIdentity(cert: Pick<PeerCertificate, 'subject'> | undefined): CertificateIdentity | undefined {
  const subject = cert?.subject as Record<string, SubjectValue> | undefined;
  if (!subject) return undefined;
  const user = values(subject.CN)[0];
  if (!user) return undefined;
  return { user, groups: values(subject.O) };
}

export function describeIdentity(identity: CertificateIdentity): string {
  return `user=${identity.user}, groups=[${identity.groups.join(' ')}]`;
}
