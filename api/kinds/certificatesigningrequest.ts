// certificates.k8s.io/v1 CertificateSigningRequest: cluster-scoped, with a
// status the signer writes and an `approval` subresource that writes only the
// Approved and Denied conditions (kubectl certificate approve/deny). Who asked
// (spec.username, uid, groups, extra) is stamped by the apiserver's admission
// from the caller, never taken from the body.
import { APPROVAL_CONDITIONS } from '../certificates/names.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { CERTIFICATES_V1 } from '../openapi/names.js';
import { certificateSigningRequestTable } from '../tables/certificatesigningrequest.js';
import type { CertificateSigningRequest } from '../types/certificates.js';
import type { KubeObject } from '../types/meta.js';
import { isRecord } from '../validation/values.js';
import type { KindDefinition, KindStrategy, StatusSliceSubresource } from './kind-definition.js';
import {
  validateCertificateSigningRequest,
  validateCertificateSigningRequestApprovalUpdate,
  validateCertificateSigningRequestStatusUpdate,
  validateCertificateSigningRequestUpdate,
} from './certificatesigningrequest-validation.js';

export const APPROVAL_SUBRESOURCE = 'approval';

type Status = Record<string, unknown>;

function statusOf(obj: KubeObject): Status {
  return isRecord(obj.status) ? obj.status : {};
}

function conditionsOf(status: Status): unknown[] {
  return Array.isArray(status.conditions) ? status.conditions : [];
}

const isApprovalCondition = (c: unknown): boolean => isRecord(c) && APPROVAL_CONDITIONS.includes(String(c.type));

/** `base`'s status with the conditions `pick` selects from `from` in place of its own. */
function withConditions(base: Status, from: Status, pick: (c: unknown) => boolean): Status {
  const kept = conditionsOf(base).filter((c) => !pick(c));
  const taken = conditionsOf(from).filter(pick);
  const conditions = [...kept, ...taken];
  const next: Status = { ...base };
  if (conditions.length > 0) next.conditions = conditions;
  else delete next.conditions;
  return next;
}

export const csrApprovalSubresource: StatusSliceSubresource = {
  name: APPROVAL_SUBRESOURCE,
  mergeStatus(stored, incoming) {
    return withConditions(statusOf(stored), statusOf(incoming), isApprovalCondition);
  },
  validate: validateCertificateSigningRequestApprovalUpdate,
};

export const certificateSigningRequestStrategy: KindStrategy = {
  resetStatusOnCreate: true,
  tracksGeneration: false,
  applyDefaults() {
    // v1 has no defaults: signerName and usages are required.
  },
  prepareForUpdate(obj, old) {
    // Only metadata changes through the main resource.
    obj.spec = structuredClone(old.spec);
  },
  prepareForStatusUpdate(obj, old) {
    // The signer may not approve or deny: those conditions stay as stored.
    obj.status = withConditions(statusOf(obj), statusOf(old), isApprovalCondition);
  },
  validate: validateCertificateSigningRequest,
  validateUpdate: validateCertificateSigningRequestUpdate,
  validateStatusUpdate: validateCertificateSigningRequestStatusUpdate,
};

const SCHEMA = kindSchema(`${CERTIFICATES_V1}CertificateSigningRequest`);

export const certificateSigningRequestKind: KindDefinition<CertificateSigningRequest> = {
  group: 'certificates.k8s.io',
  version: 'v1',
  kind: 'CertificateSigningRequest',
  plural: 'certificatesigningrequests',
  singular: 'certificatesigningrequest',
  shortNames: ['csr'],
  categories: [],
  namespaced: false,
  subresources: { status: true, statusSlices: [csrApprovalSubresource] },
  strategy: certificateSigningRequestStrategy,
  table: certificateSigningRequestTable,
  fieldSelectors: { 'spec.signerName': (obj) => String((obj.spec as { signerName?: unknown } | undefined)?.signerName ?? '') },
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
