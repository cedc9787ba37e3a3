// What a node's client certificate request must look like, as Kubernetes'
// kube-apiserver-client-kubelet signer insists: subject O=system:nodes only,
// CN=system:node:<name>, no subject alternative names, and usages that are
// client auth plus at most digital signature and key encipherment.
import type { Pkcs10CertificateRequest } from '@peculiar/x509';
import { NODE_USER_PREFIX, NODES_GROUP } from '../../api/certificates/names.js';
import type { KeyUsage } from '../../api/types/index.js';
import { SUBJECT_ALT_NAME_OID } from './csr-request.js';

const COMMON_NAME = 'CN';
const ORGANIZATION = 'O';
export const KUBELET_CLIENT_USAGES: readonly KeyUsage[] = ['client auth', 'digital signature', 'key encipherment'];

/** Why the subject is not a node's (O=system:nodes only, CN=system:node:<name>), or undefined when it is. */
export function nodeSubjectProblem(request: Pkcs10CertificateRequest): string | undefined {
  const orgs = request.subjectName.getField(ORGANIZATION);
  if (orgs.length !== 1 || orgs[0] !== NODES_GROUP) return `subject organization is not ${NODES_GROUP}`;
  const names = request.subjectName.getField(COMMON_NAME);
  if (names.length !== 1 || !names[0].startsWith(NODE_USER_PREFIX) || names[0].length === NODE_USER_PREFIX.length) {
    return `subject common name does not begin with ${NODE_USER_PREFIX}`;
  }
  return undefined;
}

/** Why the request is not a node client request, or undefined when it is one. */
export function kubeletClientRequestProblem(request: Pkcs10CertificateRequest, usages: readonly string[]): string | undefined {
  const subject = nodeSubjectProblem(request);
  if (subject) return subject;
  if (request.extensions.some((e) => e.type === SUBJECT_ALT_NAME_OID)) return 'subject alternative names are not allowed';
  if (!usages.includes('client auth')) return 'usages do not include client auth';
  const extra = usages.filter((u) => !(KUBELET_CLIENT_USAGES as readonly string[]).includes(u));
  if (extra.length > 0) return `usages not allowed: ${extra.join(', ')}`;
  return undefined;
}

/** The node name in a node client request's common name. */
export function requestedNodeUser(request: Pkcs10CertificateRequest): string {
  return request.subjectName.getField(COMMON_NAME)[0] ?? '';
}
