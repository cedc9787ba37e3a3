// certificates.k8s.io/v1 CertificateSigningRequest, with upstream's list types
// (usages and groups atomic, conditions keyed by type).
import { arrayOf, int32, kindObject, keyedList, object, ref, str, strings, time } from '../builders.js';
import { CERTIFICATES_V1 } from '../names.js';
import type { ComponentTable } from '../schema.js';

const BYTES = { format: 'byte', 'x-kubernetes-list-type': 'atomic' } as const;

export const CERTIFICATES_COMPONENTS: ComponentTable = {
  [`${CERTIFICATES_V1}CertificateSigningRequest`]: kindObject(
    { group: 'certificates.k8s.io', version: 'v1', kind: 'CertificateSigningRequest' },
    'CertificateSigningRequest objects provide a mechanism to obtain x509 certificates by submitting a certificate signing request, and having it asynchronously approved and issued.',
    {
      spec: ref(`${CERTIFICATES_V1}CertificateSigningRequestSpec`, { default: {} }),
      status: ref(`${CERTIFICATES_V1}CertificateSigningRequestStatus`, { default: {} }),
    },
    ['spec'],
  ),
  [`${CERTIFICATES_V1}CertificateSigningRequestSpec`]: object(
    {
      expirationSeconds: int32(),
      extra: { type: 'object', additionalProperties: arrayOf(str({ default: '' })) },
      groups: strings(),
      request: str(BYTES),
      signerName: str({ default: '' }),
      uid: str(),
      usages: strings(),
      username: str(),
    },
    ['request', 'signerName'],
  ),
  [`${CERTIFICATES_V1}CertificateSigningRequestStatus`]: object({
    certificate: str(BYTES),
    conditions: keyedList(`${CERTIFICATES_V1}CertificateSigningRequestCondition`, ['type']),
  }),
  [`${CERTIFICATES_V1}CertificateSigningRequestCondition`]: object(
    {
      lastTransitionTime: time(),
      lastUpdateTime: time(),
      message: str(),
      reason: str(),
      status: str({ default: '' }),
      type: str({ default: '' }),
    },
    ['type', 'status'],
  ),
};
