// The PKCS#10 request a CSR object carries, decoded once for the approver and
// the signer.
import type { Pkcs10CertificateRequest } from '@peculiar/x509';
import { decodeBase64Text, parseCertificateRequest } from '../../api/certificates/pem-blocks.js';
import type { CertificateSigningRequest } from '../../api/types/index.js';

/** The extension that carries a request's subject alternative names. */
export const SUBJECT_ALT_NAME_OID = '2.5.29.17';

/** The parsed request, or why it cannot be read. */
export function requestOf(csr: CertificateSigningRequest): Pkcs10CertificateRequest | string {
  const pem = decodeBase64Text(csr.spec.request);
  return pem === undefined ? 'spec.request is not base64' : parseCertificateRequest(pem);
}
