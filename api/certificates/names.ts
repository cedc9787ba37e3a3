// Names of certificates.k8s.io that several processes share: the group, the
// built-in signers, the condition types and the usages a CSR may ask for.
import type { KeyUsage } from '../types/certificates.js';

export const CERTIFICATES_GROUP = 'certificates.k8s.io';

/** Client certificates for the apiserver, for any user. */
export const KUBE_APISERVER_CLIENT_SIGNER = 'kubernetes.io/kube-apiserver-client';
/** Client certificates nodes use towards the apiserver (`system:node:<name>` in `system:nodes`). */
export const KUBE_APISERVER_CLIENT_KUBELET_SIGNER = 'kubernetes.io/kube-apiserver-client-kubelet';
/** Serving certificates of the kubelet. */
export const KUBELET_SERVING_SIGNER = 'kubernetes.io/kubelet-serving';
/** certificates.k8s.io/v1beta1's default; v1 refuses it on create. */
export const LEGACY_UNKNOWN_SIGNER = 'kubernetes.io/legacy-unknown';

export const CONDITION_APPROVED = 'Approved';
export const CONDITION_DENIED = 'Denied';
export const CONDITION_FAILED = 'Failed';
/** The conditions only the approval subresource writes. */
export const APPROVAL_CONDITIONS: readonly string[] = [CONDITION_APPROVED, CONDITION_DENIED];

/** What `spec.usages` accepts, as Kubernetes' KeyUsage constants. */
export const KEY_USAGES: readonly KeyUsage[] = [
  'signing',
  'digital signature',
  'content commitment',
  'key encipherment',
  'key agreement',
  'data encipherment',
  'cert sign',
  'crl sign',
  'encipher only',
  'decipher only',
  'any',
  'server auth',
  'client auth',
  'code signing',
  'email protection',
  's/mime',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'timestamping',
  'ocsp signing',
  'microsoft sgc',
  'netscape sgc',
];

/** The shortest certificate a CSR may ask for (spec.expirationSeconds), as Kubernetes. */
export const MIN_EXPIRATION_SECONDS = 600;

/** The node identity every node client certificate carries. */
export const NODES_GROUP = 'system:nodes';
export const NODE_USER_PREFIX = 'system:node:';
