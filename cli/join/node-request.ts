// The key and certificate request a joining node sends, as the kubelet's TLS
// bootstrap does: a fresh EC P-256 key (never leaves the node), a PKCS#10
// request for CN=system:node:<name>, O=system:nodes, and the
// CertificateSigningRequest object csrapproving approves on its own (the
// kubelet client signer, digital signature and client auth).
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { CERTIFICATES_GROUP, KUBE_APISERVER_CLIENT_KUBELET_SIGNER, NODE_USER_PREFIX, NODES_GROUP } from '../../api/certificates/names.js';
import { CERTIFICATE_REQUEST_BLOCK, toPem } from '../../api/certificates/pem-blocks.js';
import type { CertificateSigningRequest, KeyUsage } from '../../api/types/index.js';

// The library works through WebCrypto; Node's implementation is the one it gets.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
const PRIVATE_KEY_BLOCK = 'PRIVATE KEY';
export const NODE_CLIENT_USAGES: readonly KeyUsage[] = ['digital signature', 'client auth'];
/** Random bytes in a request's name, so a node that joins twice never collides with its old request. */
const NAME_SUFFIX_BYTES = 6;
const NAME_PREFIX = 'node-csr-';

export interface NodeRequest {
  /** PKCS#8 PEM of the new private key. */
  keyPem: string;
  /** PEM CERTIFICATE REQUEST. */
  requestPem: string;
}

/** The subject of node NAME's client certificate, in encoding order: O before CN, as Go's and openssl's requests. */
export function nodeSubject(nodeName: string): string {
  return `O=${NODES_GROUP}, CN=${NODE_USER_PREFIX}${nodeName}`;
}

export async function newNodeRequest(nodeName: string): Promise<NodeRequest> {
  const keys = await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
  const request = await x509.Pkcs10CertificateRequestGenerator.create({ name: nodeSubject(nodeName), keys, signingAlgorithm: SIGNING_ALGORITHM });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { keyPem: toPem(PRIVATE_KEY_BLOCK, Buffer.from(pkcs8)), requestPem: toPem(CERTIFICATE_REQUEST_BLOCK, Buffer.from(request.rawData)) };
}

export function nodeRequestName(): string {
  return `${NAME_PREFIX}${randomBytes(NAME_SUFFIX_BYTES).toString('hex')}`;
}

export function nodeCsrObject(name: string, requestPem: string): CertificateSigningRequest {
  return {
    apiVersion: `${CERTIFICATES_GROUP}/v1`,
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: {
      request: Buffer.from(requestPem).toString('base64'),
      signerName: KUBE_APISERVER_CLIENT_KUBELET_SIGNER,
      usages: [...NODE_CLIENT_USAGES],
    },
  };
}
