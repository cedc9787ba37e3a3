// Reading a CSR's state from its conditions, as Kubernetes' certificates
// helpers do: approved, denied, failed, or still pending.
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from '../types/certificates.js';
import { CONDITION_APPROVED, CONDITION_DENIED, CONDITION_FAILED } from './names.js';

function conditionsOf(csr: CertificateSigningRequest): readonly CertificateSigningRequestCondition[] {
  return Array.isArray(csr.status?.conditions) ? csr.status.conditions : [];
}

export function hasTrueCondition(csr: CertificateSigningRequest, type: string): boolean {
  return conditionsOf(csr).some((c) => c.type === type && c.status === 'True');
}

export const isApproved = (csr: CertificateSigningRequest): boolean => hasTrueCondition(csr, CONDITION_APPROVED);
export const isDenied = (csr: CertificateSigningRequest): boolean => hasTrueCondition(csr, CONDITION_DENIED);
export const isFailed = (csr: CertificateSigningRequest): boolean => hasTrueCondition(csr, CONDITION_FAILED);

/** kubectl's CONDITION column: the condition types joined by commas, plus Issued once a certificate is there; Pending otherwise. */
export function conditionSummary(csr: CertificateSigningRequest): string {
  const types = conditionsOf(csr).map((c) => c.type);
  if (csr.status?.certificate) types.push('Issued');
  return types.length > 0 ? types.join(',') : 'Pending';
}
