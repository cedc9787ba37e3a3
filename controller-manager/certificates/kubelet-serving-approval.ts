// When a node's serving certificate request may be approved without a
// person: Kubernetes approves none on its own, so this is opt-in
// (--approve-kubelet-serving). The request must be one the kubelet-serving
// signer issues, made by the node it names (spec.username is exactly
// system:node:<name>, the request's common name), and name only what that
// registered Node reports of itself: its name and its status.addresses. A
// node can so never get a certificate for another node's or a service's name.
import type { Pkcs10CertificateRequest } from '@peculiar/x509';
import { NODE_USER_PREFIX } from '../../api/certificates/names.js';
import type { CertificateSigningRequest, Node } from '../../api/types/index.js';
import { requestedNodeUser } from './kubelet-client-request.js';
import { kubeletServingRequestProblem, requestedNames } from './kubelet-serving-request.js';

/** The node a serving request is for (from its common name), or undefined when the CN names none. */
export function servingRequestNodeName(request: Pkcs10CertificateRequest): string | undefined {
  const user = requestedNodeUser(request);
  return user.startsWith(NODE_USER_PREFIX) && user.length > NODE_USER_PREFIX.length ? user.slice(NODE_USER_PREFIX.length) : undefined;
}

/**
 * Why the request is left for a person, or undefined when it may be approved.
 * `node` is the registered Node the request's common name names, if any.
 */
export function servingApprovalProblem(csr: CertificateSigningRequest, request: Pkcs10CertificateRequest, node: Node | undefined): string | undefined {
  const problem = kubeletServingRequestProblem(request, csr.spec.usages ?? []);
  if (problem) return problem;
  const nodeName = servingRequestNodeName(request) ?? '';
  const nodeUser = `${NODE_USER_PREFIX}${nodeName}`;
  if (csr.spec.username !== nodeUser) return `requestor ${csr.spec.username ?? '(none)'} is not ${nodeUser}, the node the request is for`;
  if (!node) return `node ${nodeName} is not registered`;
  const own = new Set([nodeName, ...(node.status?.addresses ?? []).map((a) => a.address)]);
  const names = requestedNames(request);
  const foreign = [...names.dns, ...names.ips].filter((n) => !own.has(n));
  if (foreign.length > 0) return `subject alternative names ${foreign.join(', ')} are neither the node's name nor among its status.addresses`;
  return undefined;
}
