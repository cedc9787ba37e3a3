// What a service-account token says and what makes it acceptable: the
// registered claims (iss, sub, aud, exp, iat, nbf, jti) plus the private
// `kubernetes.io` claim naming the namespace, the account and the pod it is
// bound to, as kube-apiserver's bound tokens carry them.
import { randomUUID } from 'node:crypto';
import { InvalidJwtError } from './jwt.js';

export const SERVICE_ACCOUNT_USER_PREFIX = 'system:serviceaccount:';
export const SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';
/** A token may be used this long before its nbf, for clocks a little apart. */
const NOT_BEFORE_LEEWAY_SECONDS = 60;
const MS_PER_SECOND = 1000;

export interface NamedUid {
  name: string;
  uid: string;
}

export interface KubernetesClaim {
  namespace: string;
  serviceaccount: NamedUid;
  pod?: NamedUid;
}

export interface TokenClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  jti: string;
  'kubernetes.io': KubernetesClaim;
}

/** `system:serviceaccount:<namespace>:<name>`, the user name RBAC subjects of kind ServiceAccount match. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_USER_PREFIX}${namespace}:${name}`;
}

/** The groups every service account of the namespace is in. */
export function serviceAccountGroups(namespace: string): string[] {
  return [SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNTS_GROUP}:${namespace}`];
}

export interface ClaimsInput {
  issuer: string;
  audiences: readonly string[];
  namespace: string;
  account: NamedUid;
  pod?: NamedUid;
  nowMs: number;
  expirationSeconds: number;
}

export function buildClaims(input: ClaimsInput): TokenClaims {
  const now = Math.floor(input.nowMs / MS_PER_SECOND);
  const kubernetes: KubernetesClaim = { namespace: input.namespace, serviceaccount: { ...input.account } };
  if (input.pod) kubernetes.pod = { ...input.pod };
  return {
    iss: input.issuer,
    sub: serviceAccountUsername(input.namespace, input.account.name),
    aud: [...input.audiences],
    exp: now + input.expirationSeconds,
    iat: now,
    nbf: now,
    jti: randomUUID(),
    'kubernetes.io': kubernetes,
  };
}

export interface Expectations {
  issuers: readonly string[];
  /** The token must name at least one of these. */
  audiences: readonly string[];
  nowMs: number;
}

function namedUid(value: unknown): NamedUid | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { name, uid } = value as Record<string, unknown>;
  return typeof name === 'string' && typeof uid === 'string' ? { name, uid } : undefined;
}

function numericClaim(claims: Record<string, unknown>, name: string): number {
  const value = claims[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidJwtError(`the ${name} claim is missing`);
  return value;
}

function audiencesOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string') : [];
}

/** The `kubernetes.io` claim, once iss, aud, exp and nbf say the token is for us and good now. */
export function checkClaims(claims: Record<string, unknown>, expected: Expectations): KubernetesClaim {
  if (typeof claims.iss !== 'string' || !expected.issuers.includes(claims.iss)) throw new InvalidJwtError('the token was issued by someone else');
  const now = expected.nowMs / MS_PER_SECOND;
  if (now >= numericClaim(claims, 'exp')) throw new InvalidJwtError('token has expired');
  if (typeof claims.nbf === 'number' && now + NOT_BEFORE_LEEWAY_SECONDS < claims.nbf) throw new InvalidJwtError('token is not valid yet');
  if (!audiencesOf(claims.aud).some((a) => expected.audiences.includes(a))) throw new InvalidJwtError('token audiences are not accepted here');
  const raw = claims['kubernetes.io'];
  const kubernetes = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const account = namedUid(kubernetes.serviceaccount);
  if (typeof kubernetes.namespace !== 'string' || !account) throw new InvalidJwtError('the kubernetes.io claim names no service account');
  if (claims.sub !== serviceAccountUsername(kubernetes.namespace, account.name)) throw new InvalidJwtError('the subject does not match the service account');
  const pod = kubernetes.pod === undefined ? undefined : namedUid(kubernetes.pod);
  if (kubernetes.pod !== undefined && !pod) throw new InvalidJwtError('the kubernetes.io claim names a malformed pod');
  return { namespace: kubernetes.namespace, serviceaccount: account, ...(pod ? { pod } : {}) };
}
