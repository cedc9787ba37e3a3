// The csrapproving controller: approves a node's client certificate request
// (signer kube-apiserver-client-kubelet, subject O=system:nodes,
// CN=system:node:<name>, client usages) when its requestor may create
// certificatesigningrequests/selfnodeclient (a node renewing its own
// certificate) or /nodeclient (a bootstrap token asking for a new node's).
// With approveKubeletServing it also approves a node's serving certificate
// request that names only the node itself (kubelet-serving-approval.ts).
// Anything else is left pending for a person. Rights are read from the
// cluster's ClusterRoleBindings, so a binding added later approves requests
// that are waiting; Nodes likewise, so an address reported later does too.
import { isApproved, isDenied } from '../../api/certificates/csr-conditions.js';
import { CERTIFICATES_GROUP, CONDITION_APPROVED, KUBE_APISERVER_CLIENT_KUBELET_SIGNER, KUBELET_SERVING_SIGNER } from '../../api/certificates/names.js';
import { isApiError } from '../../api/errors.js';
import { APPROVAL_SUBRESOURCE } from '../../api/kinds/certificatesigningrequest.js';
import { resources } from '../../api/resources.js';
import type { CertificateSigningRequest, ClusterRole, ClusterRoleBinding, Node } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import type { Clock } from '../../client/clock.js';
import type { ControllerContext } from '../common/controller-context.js';
import { QueueController } from '../common/queue-controller.js';
import { clusterRolesAllow } from './cluster-role-check.js';
import { requestOf } from './csr-request.js';
import { kubeletClientRequestProblem, requestedNodeUser } from './kubelet-client-request.js';
import { servingApprovalProblem, servingRequestNodeName } from './kubelet-serving-approval.js';
import { metaTime } from '../../api/meta-time.js';

export const AUTO_APPROVED_REASON = 'AutoApproved';
const SELF_NODE_CLIENT = 'certificatesigningrequests/selfnodeclient';
const NODE_CLIENT = 'certificatesigningrequests/nodeclient';
const CLIENT_APPROVAL_MESSAGE = 'Auto approving kubelet client certificate after RBAC check.';
const SERVING_APPROVAL_MESSAGE = 'Auto approving kubelet serving certificate: the requesting node named only itself and its reported addresses.';

export interface CsrApprovingOptions {
  /** Approve kubelet-serving requests a node makes for its own name and addresses (Kubernetes leaves all of them to a person). */
  approveKubeletServing?: boolean;
}

export class CsrApprovingController extends QueueController {
  private readonly csrs: Informer<CertificateSigningRequest>;
  private readonly bindings: Informer<ClusterRoleBinding>;
  private readonly roles: Informer<ClusterRole>;
  private readonly nodes: Informer<Node> | undefined;
  private readonly clock: Clock;

  constructor(ctx: ControllerContext, opts: CsrApprovingOptions = {}) {
    super(ctx, 'csrapproving');
    this.clock = ctx.clock;
    this.csrs = ctx.factory.informerFor(resources.certificateSigningRequests);
    this.bindings = ctx.factory.informerFor(resources.clusterRoleBindings);
    this.roles = ctx.factory.informerFor(resources.clusterRoles);
    this.csrs.addEventHandler({ onAdd: (csr) => this.enqueue(csr), onUpdate: (_old, csr) => this.enqueue(csr) });
    // A right granted later approves what waits for it.
    const requeuePending = (): void => {
      for (const csr of this.csrs.store.list()) if (!isApproved(csr) && !isDenied(csr)) this.enqueue(csr);
    };
    for (const informer of [this.bindings, this.roles] as const) {
      informer.addEventHandler({ onAdd: requeuePending, onUpdate: requeuePending, onDelete: requeuePending });
    }
    if (opts.approveKubeletServing) {
      // Nodes change at every status report: only the serving requests can depend on them.
      const requeueServing = (): void => {
        for (const csr of this.csrs.store.list()) if (csr.spec.signerName === KUBELET_SERVING_SIGNER && !isApproved(csr) && !isDenied(csr)) this.enqueue(csr);
      };
      this.nodes = ctx.factory.informerFor(resources.nodes);
      this.nodes.addEventHandler({ onAdd: requeueServing, onUpdate: requeueServing });
    }
  }

  /** The subresource whose `create` right approves this request, or undefined when it is no node client request. */
  private approvingRight(csr: CertificateSigningRequest): string | undefined {
    if (csr.spec.signerName !== KUBE_APISERVER_CLIENT_KUBELET_SIGNER) return undefined;
    const request = requestOf(csr);
    if (typeof request === 'string') return undefined;
    const problem = kubeletClientRequestProblem(request, csr.spec.usages ?? []);
    if (problem) {
      this.logger.debug({ csr: csr.metadata.name, problem }, 'not a node client request; left for a person');
      return undefined;
    }
    return requestedNodeUser(request) === csr.spec.username ? SELF_NODE_CLIENT : NODE_CLIENT;
  }

  private mayCreate(csr: CertificateSigningRequest, resource: string): boolean {
    const request = { user: csr.spec.username ?? '', groups: csr.spec.groups ?? [], verb: 'create', apiGroup: CERTIFICATES_GROUP, resource };
    return clusterRolesAllow(this.bindings.store.list(), this.roles.store.list(), request);
  }

  async sync(key: string): Promise<void> {
    const csr = this.csrs.store.getByKey(key);
    if (!csr || isApproved(csr) || isDenied(csr) || csr.status?.certificate) return;
    if (csr.spec.signerName === KUBELET_SERVING_SIGNER) return this.syncServing(csr);
    const right = this.approvingRight(csr);
    if (!right) return;
    // A renewal may also go through the broader nodeclient right.
    const allowed = this.mayCreate(csr, right) || (right === SELF_NODE_CLIENT && this.mayCreate(csr, NODE_CLIENT));
    if (!allowed) {
      this.logger.debug({ csr: csr.metadata.name, user: csr.spec.username, right }, 'requestor may not have this request approved automatically');
      return;
    }
    await this.approve(csr, CLIENT_APPROVAL_MESSAGE);
  }

  private async syncServing(csr: CertificateSigningRequest): Promise<void> {
    if (!this.nodes) return;
    const request = requestOf(csr);
    if (typeof request === 'string') return;
    const nodeName = servingRequestNodeName(request);
    const problem = servingApprovalProblem(csr, request, nodeName === undefined ? undefined : this.nodes.store.getByKey(nodeName));
    if (problem) {
      this.logger.debug({ csr: csr.metadata.name, user: csr.spec.username, problem }, 'serving certificate request left for a person');
      return;
    }
    await this.approve(csr, SERVING_APPROVAL_MESSAGE);
  }

  private async approve(csr: CertificateSigningRequest, message: string): Promise<void> {
    const at = metaTime(this.clock.now());
    const approved: CertificateSigningRequest = {
      ...csr,
      status: {
        ...csr.status,
        conditions: [
          ...(csr.status?.conditions ?? []),
          { type: CONDITION_APPROVED, status: 'True', reason: AUTO_APPROVED_REASON, message, lastUpdateTime: at, lastTransitionTime: at },
        ],
      },
    };
    try {
      await this.ctx.client.updateStatusSlice(resources.certificateSigningRequests, APPROVAL_SUBRESOURCE, approved);
      this.logger.info({ csr: csr.metadata.name, user: csr.spec.username }, 'approved certificate request');
    } catch (err) {
      // A CSR changed or gone since the cache saw it comes back through its own event.
      if (isApiError(err, 'Conflict') || isApiError(err, 'NotFound')) return;
      throw err;
    }
  }
}
