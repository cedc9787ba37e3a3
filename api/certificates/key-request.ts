// A node's fresh key and PKCS#10 request, as the kubelet's TLS bootstrap and
// serving certificate requests make them: an EC P-256 key that never leaves
// the node, and a request for CN=system:node:<name>, O=system:nodes, with the
// subject alternative names a serving certificate needs.
import { webcrypto } from 'node:crypto';
import type { Extension } from '@peculiar/x509';
import type { CertificateSigningRequest, KeyUsage } from '../types/certificates.js';
import { CERTIFICATES_GROUP, NODE_USER_PREFIX, NODES_GROUP } from './names.js';
import { CERTIFICATE_REQUEST_BLOCK, toPem } from './pem-blocks.js';
import { x509 } from './x509-library.js';

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
export const PRIVATE_KEY_BLOCK = 'PRIVATE KEY';

export interface KeyAndRequest {
  /** PKCS#8 PEM of the new private key. */
  keyPem: string;
  /** PEM CERTIFICATE REQUEST. */
  requestPem: string;
}

/** Names a serving certificate is good for. */
export interface AltNames {
  dns?: readonly string[];
  ips?: readonly string[];
}

/** The subject of node NAME's certificates, in encoding order: O before CN, as Go's and openssl's requests. */
export function nodeSubject(nodeName: string): string {
  return `O=${NODES_GROUP}, CN=${NODE_USER_PREFIX}${nodeName}`;
}

function altNamesExtension(names: AltNames): Extension[] {
  const list = [...(names.dns ?? []).map((value) => ({ type: 'dns' as const, value })), ...(names.ips ?? []).map((value) => ({ type: 'ip' as const, value }))];
  if (list.length === 0) return [];
  const { SubjectAlternativeNameExtension } = x509();
  return [new SubjectAlternativeNameExtension(list)];
}

export async function newKeyAndRequest(subject: string, names: AltNames = {}): Promise<KeyAndRequest> {
  const keys = await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
  const request = await x509().Pkcs10CertificateRequestGenerator.create({ name: subject, keys, signingAlgorithm: SIGNING_ALGORITHM, extensions: altNamesExtension(names) });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { keyPem: toPem(PRIVATE_KEY_BLOCK, Buffer.from(pkcs8)), requestPem: toPem(CERTIFICATE_REQUEST_BLOCK, Buffer.from(request.rawData)) };
}

/** The CertificateSigningRequest object that carries the request to `signerName`. */
export function csrObject(name: string, requestPem: string, signerName: string, usages: readonly KeyUsage[]): CertificateSigningRequest {
  return {
    apiVersion: `${CERTIFICATES_GROUP}/v1`,
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request: Buffer.from(requestPem).toString('base64'), signerName, usages: [...usages] },
  };
}
