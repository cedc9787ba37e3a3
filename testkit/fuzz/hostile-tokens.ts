// Bearer tokens no apiserver may accept: garbage, the wrong kind, service-account
// tokens forged (no signature, an HMAC keyed with the public key, another key)
// or signed with the cluster's own key but expired, not yet valid, for another
// audience or issuer, or for an account that does not exist.
import { createHmac, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';

const SECOND_MS = 1_000;
const HOUR_SECONDS = 3_600;
/** Far longer than any header a proxy would pass, shorter than Node's 16 KiB header limit. */
const LONG_TOKEN_CHARS = 12_000;
const RSA_BITS = 2048;

export interface HostileToken {
  id: string;
  /** The Authorization header's value as sent (not always `Bearer ...`). */
  authorization: string;
  why: string;
}

export interface TokenTarget {
  /** The service-account key the apiserver signs with (deploy/pki.sh's sa.key). */
  saKeyFile: string;
  /** The public half, PEM, as the apiserver trusts it (for the HMAC confusion). */
  saPubFile: string;
  issuer: string;
  audience: string;
  /** An account that exists, with its uid. */
  namespace: string;
  account: { name: string; uid: string };
  /** A valid bearer token of another kind (the admin's static token), to truncate. */
  staticToken: string;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function claims(target: TokenTarget, overrides: Record<string, unknown> = {}, nowMs = Date.now()): Record<string, unknown> {
  const now = Math.floor(nowMs / SECOND_MS);
  return {
    iss: target.issuer,
    sub: `system:serviceaccount:${target.namespace}:${target.account.name}`,
    aud: [target.audience],
    exp: now + HOUR_SECONDS,
    iat: now,
    nbf: now,
    'kubernetes.io': { namespace: target.namespace, serviceaccount: { ...target.account } },
    ...overrides,
  };
}

function rs256(payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

const bearer = (token: string): string => `Bearer ${token}`;

/** The hostile Authorization headers against one apiserver's service-account keys. */
export async function hostileTokens(target: TokenTarget, nowMs = Date.now()): Promise<HostileToken[]> {
  const key = createPrivateKey(await readFile(target.saKeyFile, 'utf8'));
  const publicPem = await readFile(target.saPubFile, 'utf8');
  const stranger = generateKeyPairSync('rsa', { modulusLength: RSA_BITS }).privateKey;
  const now = Math.floor(nowMs / SECOND_MS);
  const good = claims(target, {}, nowMs);
  const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(good)}.`;
  const hmacInput = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(good)}`;
  const hmac = `${hmacInput}.${createHmac('sha256', publicPem).update(hmacInput).digest('base64url')}`;
  const signed = (id: string, why: string, overrides: Record<string, unknown>): HostileToken => ({
    id,
    why,
    authorization: bearer(rs256(claims(target, overrides, nowMs), key)),
  });
  return [
    { id: 'garbage', why: 'no token anyone issued', authorization: bearer('nope') },
    { id: 'empty-bearer', why: 'a Bearer header without a token', authorization: 'Bearer ' },
    { id: 'basic', why: 'basic authentication, which Kubernetes dropped', authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
    { id: 'truncated-static', why: "the admin's static token less its last character", authorization: bearer(target.staticToken.slice(0, -1)) },
    { id: 'long', why: 'a token of 12,000 characters', authorization: bearer('a'.repeat(LONG_TOKEN_CHARS)) },
    { id: 'bootstrap-unknown', why: 'a bootstrap token no Secret holds', authorization: bearer('abcdef.0123456789abcdef') },
    { id: 'jwt-garbage', why: 'three parts that are not base64url JSON', authorization: bearer('a$b.c$d.e$f') },
    { id: 'jwt-alg-none', why: 'a service-account token without a signature', authorization: bearer(unsigned) },
    { id: 'jwt-hs256-public-key', why: 'an HMAC keyed with the public key (algorithm confusion)', authorization: bearer(hmac) },
    { id: 'jwt-other-key', why: 'signed by a key the apiserver does not trust', authorization: bearer(rs256(good, stranger)) },
    signed('jwt-expired', 'signed by the cluster, expired an hour ago', { exp: now - HOUR_SECONDS, iat: now - 2 * HOUR_SECONDS, nbf: now - 2 * HOUR_SECONDS }),
    signed('jwt-not-yet-valid', 'signed by the cluster, valid from an hour on', { nbf: now + HOUR_SECONDS }),
    signed('jwt-other-audience', 'signed by the cluster for another audience', { aud: ['https://elsewhere.example'] }),
    signed('jwt-other-issuer', 'signed by the cluster key, naming another issuer', { iss: 'https://elsewhere.example' }),
    signed('jwt-missing-account', 'for an account that does not exist', {
      sub: `system:serviceaccount:${target.namespace}:ghost`,
      'kubernetes.io': { namespace: target.namespace, serviceaccount: { name: 'ghost', uid: '00000000-0000-0000-0000-000000000000' } },
    }),
    signed('jwt-wrong-uid', 'for the account name with another uid (a deleted and re-made account)', {
      'kubernetes.io': { namespace: target.namespace, serviceaccount: { name: target.account.name, uid: '11111111-1111-1111-1111-111111111111' } },
    }),
    signed('jwt-masters-claims', 'claims the system:masters group, which tokens cannot carry', { groups: ['system:masters'], sub: 'admin' }),
  ];
}
