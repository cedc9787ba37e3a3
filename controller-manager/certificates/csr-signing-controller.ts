// The csrsigning controller: signs approved requests of the
// kube-apiserver-client, kube-apiserver-client-kubelet and kubelet-serving
// signers with the cluster CA and writes the certificate to status.certificate. A request its
// signer may not issue (a kubelet request that is no node client request, a
// serving request that is no node serving request, a client request without
// client usages, a bad signature) gets the Failed
// condition instead, so it is never retried in vain.
import type { Pkcs10CertificateRequest } from '@peculiar/x509';
import { isApproved, isDenied, isFailed } from '../../api/certificates/csr-conditions.js';
import { CONDITION_FAILED, KUBE_APISERVER_CLIENT_KUBELET_SIGNER, KUBE_APISERVER_CLIENT_SIGNER, KUBELET_SERVING_SIGNER } from '../../api/certificates/names.js';
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { CertificateSigningRequest } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import type { Clock } from '../../client/clock.js';
import type { ControllerContext } from '../common/controller-context.js';
import { QueueController } from '../common/queue-controller.js';
import type { CaSigner } from './ca-signer.js';
import { requestOf } from './csr-request.js';
import { KUBELET_CLIENT_USAGES, kubeletClientRequestProblem } from './kubelet-client-request.js';
import { kubeletServingRequestProblem } from './kubelet-serving-request.js';
import { metaTime } from '../../api/meta-time.js';

export const SIGNER_VALIDATION_FAILURE = 'SignerValidationFailure';

/** Why this signer may not issue the request, or undefined when it may. */
export function signerPolicyProblem(signerName: string, request: Pkcs10CertificateRequest, usages: readonly string[]): string | undefined {
  if (signerName === KUBE_APISERVER_CLIENT_KUBELET_SIGNER) return kubeletClientRequestProblem(request, usages);
  if (signerName === KUBELET_SERVING_SIGNER) return kubeletServingRequestProblem(request, usages);
  if (!usages.includes('client auth')) return 'usages do not include client auth';
  const extra = usages.filter((u) => !(KUBELET_CLIENT_USAGES as readonly string[]).includes(u));
  return extra.length > 0 ? `usages not allowed: ${extra.join(', ')}` : undefined;
}

const SIGNERS: readonly string[] = [KUBE_APISERVER_CLIENT_SIGNER, KUBE_APISERVER_CLIENT_KUBELET_SIGNER, KUBELET_SERVING_SIGNER];

export class CsrSigningController extends QueueController {
  private readonly csrs: Informer<CertificateSigningRequest>;
  private readonly clock: Clock;

  constructor(
    ctx: ControllerContext,
    private readonly signer: CaSigner,
  ) {
    super(ctx, 'csrsigning');
    this.clock = ctx.clock;
    this.csrs = ctx.factory.informerFor(resources.certificateSigningRequests);
    this.csrs.addEventHandler({ onAdd: (csr) => this.enqueue(csr), onUpdate: (_old, csr) => this.enqueue(csr) });
  }

  async sync(key: string): Promise<void> {
    const csr = this.csrs.store.getByKey(key);
    if (!csr || !SIGNERS.includes(csr.spec.signerName)) return;
    if (!isApproved(csr) || isDenied(csr) || isFailed(csr) || csr.status?.certificate) return;
    const request = requestOf(csr);
    const usages = csr.spec.usages ?? [];
    const problem = typeof request === 'string' ? request : signerPolicyProblem(csr.spec.signerName, request, usages);
    if (problem || typeof request === 'string') return this.fail(csr, problem ?? 'unreadable request');
    let pem: string;
    try {
      pem = await this.signer.sign({ request, usages, requestedSeconds: csr.spec.expirationSeconds, nowMs: this.clock.now() });
    } catch (err) {
      return this.fail(csr, err instanceof Error ? err.message : String(err));
    }
    await this.writeStatus(csr, { ...csr.status, certificate: Buffer.from(pem).toString('base64') });
    this.logger.info({ csr: csr.metadata.name, signer: csr.spec.signerName }, 'signed certificate');
  }

  private async fail(csr: CertificateSigningRequest, message: string): Promise<void> {
    this.logger.info({ csr: csr.metadata.name, reason: message }, 'refusing to sign');
    const at = metaTime(this.clock.now());
    const failed = { type: CONDITION_FAILED, status: 'True' as const, reason: SIGNER_VALIDATION_FAILURE, message, lastUpdateTime: at, lastTransitionTime: at };
    await this.writeStatus(csr, { ...csr.status, conditions: [...(csr.status?.conditions ?? []), failed] });
  }

  private async writeStatus(csr: CertificateSigningRequest, status: CertificateSigningRequest['status']): Promise<void> {
    try {
      await this.ctx.client.updateStatus(resources.certificateSigningRequests, { ...csr, status });
    } catch (err) {
      // Changed or gone since the cache saw it: its next event brings it back.
      if (isApiError(err, 'Conflict') || isApiError(err, 'NotFound')) return;
      throw err;
    }
  }
}
