// What a CSR's requester reads back: the issued certificate once the signer
// wrote it, nothing while it waits, or why it never will be.
import { isDenied, isFailed } from './csr-conditions.js';
import { CERTIFICATE_BLOCK, certificateChainProblem, decodeBase64Text, pemBlocks } from './pem-blocks.js';
import type { CertificateSigningRequest } from '../types/index.js';

/** The request was denied, or its signer failed it: waiting longer changes nothing. */
export class CertificateRequestRefusedError extends Error {
  override readonly name = 'CertificateRequestRefusedError';
}

/** The issued certificate (PEM), or undefined while it is pending; throws CertificateRequestRefusedError when it was denied, failed or carries no usable certificate. */
export function issuedCertificatePem(csr: CertificateSigningRequest): string | undefined {
  const name = csr.metadata.name;
  const reason = (type: string) => csr.status?.conditions?.find((c) => c.type === type)?.message ?? '';
  if (isDenied(csr)) throw new CertificateRequestRefusedError(`the CertificateSigningRequest ${name} was denied: ${reason('Denied') || 'no reason given'}`);
  if (isFailed(csr)) throw new CertificateRequestRefusedError(`signing the CertificateSigningRequest ${name} failed: ${reason('Failed') || 'no reason given'}`);
  const pem = decodeBase64Text(csr.status?.certificate);
  if (pem === undefined || pem === '') return undefined;
  const problem = certificateChainProblem(pem);
  if (problem) throw new CertificateRequestRefusedError(`the CertificateSigningRequest ${name} carries no usable certificate: ${problem}`);
  return pemBlocks(pem).some((b) => b.type === CERTIFICATE_BLOCK) ? pem : undefined;
}
