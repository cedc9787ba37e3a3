// The TokenRequest body of serviceaccounts/<name>/token: what it asks for,
// checked and defaulted as kube-apiserver does (an hour unless asked, never
// under ten minutes, bound only to a Pod here).
import { badRequest, invalid, type FieldError } from '../../api/errors.js';
import type { BoundObjectReference, TokenRequest, TokenRequestSpec } from '../../api/types/service-account.js';
import { invalidValue, notSupported } from '../../api/validation/field-errors.js';
import { isAbsent, isRecord, readArray, readInt, readString } from '../../api/validation/values.js';

export const AUTHENTICATION_GROUP = 'authentication.k8s.io';
export const TOKEN_REQUEST_API_VERSION = `${AUTHENTICATION_GROUP}/v1`;
/** TokenRequest's default lifetime. */
export const DEFAULT_TOKEN_EXPIRATION_SECONDS = 3600;
export const MIN_TOKEN_EXPIRATION_SECONDS = 600;
const MAX_TOKEN_EXPIRATION_SECONDS = 2 ** 32;
const BINDABLE_KINDS = ['Pod'] as const;

export interface ParsedTokenRequest {
  audiences: string[];
  expirationSeconds: number;
  boundPod?: { name: string; uid: string };
}

function expirationOf(spec: Record<string, unknown>, errs: FieldError[]): number {
  if (isAbsent(spec.expirationSeconds)) return DEFAULT_TOKEN_EXPIRATION_SECONDS;
  const seconds = readInt(spec.expirationSeconds, 'spec.expirationSeconds', errs) ?? DEFAULT_TOKEN_EXPIRATION_SECONDS;
  if (seconds < MIN_TOKEN_EXPIRATION_SECONDS) errs.push(invalidValue('spec.expirationSeconds', seconds, 'may not specify a duration less than 10 minutes'));
  if (seconds > MAX_TOKEN_EXPIRATION_SECONDS) errs.push(invalidValue('spec.expirationSeconds', seconds, 'may not specify a duration larger than 2^32 seconds'));
  return seconds;
}

function boundPodOf(value: unknown, errs: FieldError[]): ParsedTokenRequest['boundPod'] {
  if (isAbsent(value)) return undefined;
  if (!isRecord(value)) {
    errs.push(invalidValue('spec.boundObjectRef', value, 'must be an object'));
    return undefined;
  }
  const ref = value as BoundObjectReference;
  const kind = readString(ref.kind, 'spec.boundObjectRef.kind', errs);
  if (!BINDABLE_KINDS.some((k) => k === kind)) errs.push(notSupported('spec.boundObjectRef.kind', kind, BINDABLE_KINDS));
  const apiVersion = readString(ref.apiVersion, 'spec.boundObjectRef.apiVersion', errs);
  if (apiVersion !== '' && apiVersion !== 'v1') errs.push(notSupported('spec.boundObjectRef.apiVersion', apiVersion, ['v1']));
  const name = readString(ref.name, 'spec.boundObjectRef.name', errs);
  if (name === '') errs.push(invalidValue('spec.boundObjectRef.name', name, 'must be set'));
  return { name, uid: readString(ref.uid, 'spec.boundObjectRef.uid', errs) };
}

/** The request's wishes; Invalid naming the field when one cannot be met. */
export function parseTokenRequest(body: unknown, accountName: string, defaultAudiences: readonly string[]): ParsedTokenRequest {
  if (!isRecord(body)) throw badRequest('the TokenRequest must be a JSON object');
  const errs: FieldError[] = [];
  const spec = isAbsent(body.spec) ? {} : body.spec;
  if (!isRecord(spec)) throw invalid('TokenRequest', AUTHENTICATION_GROUP, accountName, [invalidValue('spec', spec, 'must be an object')]);
  const audiences = readArray(spec.audiences, 'spec.audiences', errs).map((a, i) => readString(a, `spec.audiences[${i}]`, errs));
  const expirationSeconds = expirationOf(spec, errs);
  const boundPod = boundPodOf(spec.boundObjectRef, errs);
  if (errs.length > 0) throw invalid('TokenRequest', AUTHENTICATION_GROUP, accountName, errs);
  return { audiences: audiences.length > 0 ? audiences : [...defaultAudiences], expirationSeconds, ...(boundPod ? { boundPod } : {}) };
}

/** The answer: the request as it was understood, with the token in its status. */
export function tokenRequestReply(
  namespace: string,
  accountName: string,
  request: ParsedTokenRequest,
  token: string,
  expiresAtMs: number,
): TokenRequest {
  const spec: TokenRequestSpec = { audiences: request.audiences, expirationSeconds: request.expirationSeconds, boundObjectRef: null };
  if (request.boundPod) spec.boundObjectRef = { kind: 'Pod', apiVersion: 'v1', ...request.boundPod };
  return {
    apiVersion: TOKEN_REQUEST_API_VERSION,
    kind: 'TokenRequest',
    metadata: { name: accountName, namespace },
    spec,
    status: { token, expirationTimestamp: new Date(expiresAtMs).toISOString().replace(/\.\d{3}Z$/, 'Z') },
  };
}
