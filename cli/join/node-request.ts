// The key and certificate request a joining node sends, as the kubelet's TLS
// bootstrap does: a fresh EC P-256 key (never leaves the node), a PKCS#10
// request for CN=system:node:<name>, O=system:nodes, and the
// CertificateSigningRequest object csrapproving approves on its own (the
// kubelet client signer, digital signature and client auth).
import { randomBytes } from 'node:crypto';
import { KUBE_APISERVER_CLIENT_KUBELET_SIGNER } from '../../api/certificates/names.js';
import { csrObject, newKeyAndRequest, nodeSubject, type KeyAndRequest } from '../../api/certificates/key-request.js';
import type { CertificateSigningRequest, KeyUsage } from '../../api/types/index.js';

export { nodeSubject };

export const NODE_CLIENT_USAGES: readonly KeyUsage[] = ['digital signature', 'client auth'];
/** Random bytes in a request's name, so a node that joins twice never collides with its old request. */
const NAME_SUFFIX_BYTES = 6;
const NAME_PREFIX = 'node-csr-';

export type NodeRequest = KeyAndRequest;

export function newNodeRequest(nodeName: string): Promise<NodeRequest> {
  return newKeyAndRequest(nodeSubject(nodeName));
}

export function nodeRequestName(): string {
  return `${NAME_PREFIX}${randomBytes(NAME_SUFFIX_BYTES).toString('hex')}`;
}

export function nodeCsrObject(name: string, requestPem: string): CertificateSigningRequest {
  return csrObject(name, requestPem, KUBE_APISERVER_CLIENT_KUBELET_SIGNER, NODE_CLIENT_USAGES);
}
