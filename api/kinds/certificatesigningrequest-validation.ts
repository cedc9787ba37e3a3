// Kubernetes' rules for a CertificateSigningRequest (certificates.k8s.io/v1):
// a parseable PKCS#10 request, a qualified signer name other than the legacy
// one, known usages, at least ten minutes asked for; conditions that name one
// of each approval type, never both Approved and Denied; and a certificate
// that is PEM certificates, set only once and only after approval.
import { APPROVAL_CONDITIONS, CONDITION_APPROVED, CONDITION_DENIED, CONDITION_FAILED, KEY_USAGES, LEGACY_UNKNOWN_SIGNER, MIN_EXPIRATION_SECONDS } from '../certificates/names.js';
import { certificateChainProblem, decodeBase64Text, parseCertificateRequest } from '../certificates/pem-blocks.js';
import type { FieldError } from '../errors.js';
import type { KubeObject } from '../types/meta.js';
import { child, duplicate, forbidden, index, invalidValue, notSupported, required } from '../validation/field-errors.js';
import { isDns1123Subdomain } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { semanticEqual } from '../validation/semantic-equal.js';
import { isRecord, readArray, readEntry, readInt, readString } from '../validation/values.js';
import { nameIsPathSegment } from './rbac-validation.js';

const SIGNER_PATH = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** Kubernetes' limits on the two halves of a signer name. */
const MAX_SIGNER_DOMAIN_LENGTH = 253;
const MAX_SIGNER_PATH_LENGTH = 317;
const CONDITION_STATUSES = ['True', 'False', 'Unknown'] as const;
const REQUEST_REDACTED = '<request contents redacted>';

function signerNameProblem(name: string): string | undefined {
  const slash = name.indexOf('/');
  const form = "must be a fully qualified domain and path of the form 'example.com/signer-name'";
  if (slash <= 0 || slash === name.length - 1) return form;
  const domain = name.slice(0, slash);
  const path = name.slice(slash + 1);
  if (domain.length > MAX_SIGNER_DOMAIN_LENGTH || !isDns1123Subdomain(domain)) return `${form}: the domain is not a DNS subdomain`;
  if (path.length > MAX_SIGNER_PATH_LENGTH || !SIGNER_PATH.test(path)) return `${form}: the path may contain only letters, digits, '-', '_' and '.'`;
  return undefined;
}

function validateRequest(value: unknown, errs: FieldError[]): void {
  const field = 'spec.request';
  if (value === undefined || value === null || value === '') {
    errs.push(required(field));
    return;
  }
  const pem = decodeBase64Text(value);
  if (pem === undefined) {
    errs.push(invalidValue(field, REQUEST_REDACTED, 'must be base64-encoded PEM'));
    return;
  }
  const parsed = parseCertificateRequest(pem);
  if (typeof parsed === 'string') errs.push(invalidValue(field, REQUEST_REDACTED, parsed));
}

function validateUsages(value: unknown, errs: FieldError[]): void {
  const field = 'spec.usages';
  const usages = readArray(value, field, errs);
  if (usages.length === 0) {
    errs.push(required(field));
    return;
  }
  const seen = new Set<string>();
  usages.forEach((raw, i) => {
    const usage = readString(raw, index(field, i), errs);
    if (!(KEY_USAGES as readonly string[]).includes(usage)) errs.push(notSupported(index(field, i), usage, KEY_USAGES));
    if (seen.has(usage)) errs.push(duplicate(index(field, i), usage));
    seen.add(usage);
  });
}

function validateSpec(spec: Record<string, unknown>, errs: FieldError[], creating: boolean): void {
  validateRequest(spec.request, errs);
  const signer = readString(spec.signerName, 'spec.signerName', errs);
  if (!signer) errs.push(required('spec.signerName'));
  else if (creating && signer === LEGACY_UNKNOWN_SIGNER) errs.push(invalidValue('spec.signerName', signer, 'the legacy signerName is not allowed via this API version'));
  else {
    const problem = signerNameProblem(signer);
    if (problem) errs.push(invalidValue('spec.signerName', signer, problem));
  }
  const seconds = readInt(spec.expirationSeconds, 'spec.expirationSeconds', errs);
  if (seconds !== undefined && seconds < MIN_EXPIRATION_SECONDS) {
    errs.push(invalidValue('spec.expirationSeconds', seconds, `may not specify a duration less than ${MIN_EXPIRATION_SECONDS} seconds (10 minutes)`));
  }
  validateUsages(spec.usages, errs);
}

function validateConditions(value: unknown, errs: FieldError[]): void {
  const field = 'status.conditions';
  const seen = new Set<string>();
  readArray(value, field, errs).forEach((raw, i) => {
    const path = index(field, i);
    const condition = readEntry(raw, path, errs);
    if (!condition) return;
    const type = readString(condition.type, child(path, 'type'), errs);
    if (!type) errs.push(required(child(path, 'type')));
    const status = readString(condition.status, child(path, 'status'), errs);
    const allowed: readonly string[] = APPROVAL_CONDITIONS.includes(type) ? ['True'] : CONDITION_STATUSES;
    if (!allowed.includes(status)) errs.push(status ? notSupported(child(path, 'status'), status, allowed) : required(child(path, 'status')));
    if ([CONDITION_APPROVED, CONDITION_DENIED, CONDITION_FAILED].includes(type)) {
      if (seen.has(type)) errs.push(duplicate(child(path, 'type'), type));
      seen.add(type);
    }
  });
  if (seen.has(CONDITION_APPROVED) && seen.has(CONDITION_DENIED)) {
    errs.push(invalidValue(field, 'Approved,Denied', 'Approved and Denied conditions are mutually exclusive'));
  }
}

function validateStatus(status: unknown, errs: FieldError[]): void {
  if (!isRecord(status)) return;
  validateConditions(status.conditions, errs);
  if (status.certificate === undefined || status.certificate === '') return;
  const pem = decodeBase64Text(status.certificate);
  const problem = pem === undefined ? 'must be base64-encoded PEM' : certificateChainProblem(pem);
  if (problem) errs.push(invalidValue('status.certificate', '<certificate data>', problem));
}

export function validateCertificateSigningRequest(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: false, nameFn: nameIsPathSegment });
  const spec = readEntry(obj.spec, 'spec', errs);
  if (spec) validateSpec(spec, errs, true);
  validateStatus(obj.status, errs);
  return errs;
}

/** The main resource changes only metadata: spec and status are taken from `old` before this runs. */
export function validateCertificateSigningRequestUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  const spec = readEntry(obj.spec, 'spec', errs);
  if (spec) validateSpec(spec, errs, false);
  validateStatus(obj.status, errs);
  return errs;
}

function statusRecord(obj: KubeObject): Record<string, unknown> {
  return isRecord(obj.status) ? obj.status : {};
}

function conditionTypes(obj: KubeObject): Set<string> {
  const conditions = statusRecord(obj).conditions;
  return new Set(Array.isArray(conditions) ? conditions.filter(isRecord).map((c) => String(c.type)) : []);
}

/** The signer's write: a certificate appears once, after approval, and never changes. */
export function validateCertificateSigningRequestStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  validateStatus(obj.status, errs);
  const next = statusRecord(obj).certificate;
  const before = statusRecord(old).certificate;
  if (before && !semanticEqual(next, before)) errs.push(forbidden('status.certificate', 'updates may not modify existing certificate content'));
  if (next && !before) {
    const types = conditionTypes(obj);
    if (!types.has(CONDITION_APPROVED)) errs.push(invalidValue('status.certificate', '<certificate data>', 'certificate may only be set when the Approved condition is present'));
    if (types.has(CONDITION_DENIED) || types.has(CONDITION_FAILED)) {
      errs.push(invalidValue('status.certificate', '<certificate data>', 'certificate may not be set when the Denied or Failed condition is present'));
    }
  }
  return errs;
}

/** The approver's write: an Approved or Denied condition, once given, stays. */
export function validateCertificateSigningRequestApprovalUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  validateStatus(obj.status, errs);
  const now = conditionTypes(obj);
  for (const type of APPROVAL_CONDITIONS) {
    if (conditionTypes(old).has(type) && !now.has(type)) errs.push(forbidden('status.conditions', `updates may not remove a condition of type "${type}"`));
  }
  return errs;
}
