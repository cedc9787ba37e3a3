// What a node's serving certificate request must look like, as Kubernetes'
// kubelet-serving signer insists: subject O=system:nodes only,
// CN=system:node:<name>, at least one DNS or IP subject alternative name and
// no email or URI ones, and usages exactly digital signature + key
// encipherment + server auth (or, for keys that encipher nothing, such as
// EC, digital signature + server auth).
import type { Pkcs10CertificateRequest } from '@peculiar/x509';
import { x509 } from '../../api/certificates/x509-library.js';
import type { KeyUsage } from '../../api/types/index.js';
import { SUBJECT_ALT_NAME_OID } from './csr-request.js';
import { nodeSubjectProblem } from './kubelet-client-request.js';

export const KUBELET_SERVING_USAGES: readonly KeyUsage[] = ['digital signature', 'key encipherment', 'server auth'];
const KUBELET_SERVING_USAGES_NO_RSA: readonly KeyUsage[] = ['digital signature', 'server auth'];

/** The subject alternative names of a request, by kind. */
export interface RequestedNames {
  dns: string[];
  ips: string[];
  emails: string[];
  uris: string[];
  /** Kinds no signer here issues (directory names, UPNs, ...). */
  other: string[];
}

export function requestedNames(request: Pkcs10CertificateRequest): RequestedNames {
  const names: RequestedNames = { dns: [], ips: [], emails: [], uris: [], other: [] };
  const raw = request.extensions.find((e) => e.type === SUBJECT_ALT_NAME_OID);
  if (!raw) return names;
  const { SubjectAlternativeNameExtension } = x509();
  for (const name of new SubjectAlternativeNameExtension(raw.rawData).names.items) {
    if (name.type === 'dns') names.dns.push(name.value);
    else if (name.type === 'ip') names.ips.push(name.value);
    else if (name.type === 'email') names.emails.push(name.value);
    else if (name.type === 'url') names.uris.push(name.value);
    else names.other.push(`${name.type}:${name.value}`);
  }
  return names;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((u) => right.has(u));
}

/** Why the request is not a node serving request, or undefined when it is one. */
export function kubeletServingRequestProblem(request: Pkcs10CertificateRequest, usages: readonly string[]): string | undefined {
  const subject = nodeSubjectProblem(request);
  if (subject) return subject;
  const names = requestedNames(request);
  if (names.dns.length === 0 && names.ips.length === 0) return 'DNS or IP subjectAltName is required';
  if (names.emails.length > 0) return 'Email subjectAltNames are not allowed';
  if (names.uris.length > 0) return 'URI subjectAltNames are not allowed';
  if (names.other.length > 0) return `subjectAltNames other than DNS and IP are not allowed: ${names.other.join(', ')}`;
  if (!sameSet(usages, KUBELET_SERVING_USAGES) && !sameSet(usages, KUBELET_SERVING_USAGES_NO_RSA)) {
    return `usages did not match [${KUBELET_SERVING_USAGES.join(', ')}]`;
  }
  return undefined;
}
