// Asking the apiserver for the node's client certificate with the bootstrap
// token, over HTTPS trusting only the pinned CA, and waiting until
// csrapproving and csrsigning have done their part.
import { setTimeout as sleep } from 'node:timers/promises';
import { CertificateRequestRefusedError, issuedCertificatePem } from '../../api/certificates/issued-certificate.js';
import type { CertificateSigningRequest } from '../../api/types/index.js';
import { CliError } from '../cli-error.js';
import { jsonRequest, statusMessage, type JsonResponse } from './https-json.js';

/** How long the approver and the signer get; both run in the controller-manager, one informer event each. */
export const CERTIFICATE_WAIT_MS = 60_000;
/** How often the request is read back while it waits. */
const POLL_INTERVAL_MS = 500;
const CSR_PATH = '/apis/certificates.k8s.io/v1/certificatesigningrequests';

export interface CertificateRequestTarget {
  /** https://host:port */
  url: string;
  caPem: string;
  /** The bootstrap token, id.secret. */
  token: string;
}

/** A refusal in words that say what to do about it. */
function refusal(res: JsonResponse, action: string, tokenId: string): CliError {
  if (res.status === 401) {
    return new CliError(`the apiserver refused the bootstrap token ${tokenId} (401 Unauthorized) when asked to ${action}: it is unknown or expired; make a new one with \`flotctl token create --print-join-command\``);
  }
  if (res.status === 403) {
    return new CliError(`the bootstrap token ${tokenId} may not ${action} (403 Forbidden: ${statusMessage(res)}); the token needs the group system:bootstrappers and the apiserver --enable-bootstrap-token-auth`);
  }
  return new CliError(`could not ${action}: ${res.status} ${statusMessage(res)}`);
}

const tokenIdOf = (token: string): string => token.split('.')[0];

export async function createRequest(target: CertificateRequestTarget, csr: CertificateSigningRequest): Promise<void> {
  const res = await jsonRequest({ method: 'POST', url: `${target.url}${CSR_PATH}`, ca: target.caPem, token: target.token, body: csr });
  if (res.status !== 201 && res.status !== 200) throw refusal(res, `create the CertificateSigningRequest ${csr.metadata.name}`, tokenIdOf(target.token));
}

/** The issued certificate (PEM), or undefined while it is pending; throws when it was denied or failed. */
export function issuedCertificate(csr: CertificateSigningRequest): string | undefined {
  try {
    return issuedCertificatePem(csr);
  } catch (err) {
    throw err instanceof CertificateRequestRefusedError ? new CliError(err.message) : err;
  }
}

/** Reads the request back until it is issued, denied or failed, for at most CERTIFICATE_WAIT_MS. */
export async function waitForCertificate(target: CertificateRequestTarget, name: string, waitMs = CERTIFICATE_WAIT_MS): Promise<string> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const res = await jsonRequest({ method: 'GET', url: `${target.url}${CSR_PATH}/${encodeURIComponent(name)}`, ca: target.caPem, token: target.token });
    if (res.status !== 200) throw refusal(res, `read the CertificateSigningRequest ${name}`, tokenIdOf(target.token));
    const pem = issuedCertificate(res.json as CertificateSigningRequest);
    if (pem !== undefined) return pem;
    if (Date.now() >= deadline) {
      throw new CliError(
        `the CertificateSigningRequest ${name} was not issued within ${waitMs / 1000}s: is the controller-manager running csrapproving and csrsigning ` +
          `(--cluster-signing-cert-file, --cluster-signing-key-file)? An administrator can approve it: kubectl certificate approve ${name}`,
      );
    }
    await sleep(POLL_INTERVAL_MS);
  }
}
