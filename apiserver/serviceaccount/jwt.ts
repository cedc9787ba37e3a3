// Compact JSON Web Tokens signed RS256 (RSASSA-PKCS1-v1_5 with SHA-256), the
// only algorithm Kubernetes issues service-account tokens with. Verification
// checks the shape, the algorithm and the signature against every trusted
// public key; what the claims mean is token-claims.ts's business.
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export const JWT_ALGORITHM = 'RS256';
const HASH = 'sha256';

/** A token that is not a valid signed JWT; the message says why, for the apiserver's log. */
export class InvalidJwtError extends Error {}

export interface JwtHeader {
  alg: string;
  kid?: string;
  typ?: string;
}

const base64url = (bytes: Buffer): string => bytes.toString('base64url');
const encodeJson = (value: unknown): string => base64url(Buffer.from(JSON.stringify(value), 'utf8'));

/** As kube-apiserver names a key: the unpadded base64url SHA-256 of its public key's DER form. */
export function keyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return base64url(createHash(HASH).update(publicKey.export({ type: 'spki', format: 'der' })).digest());
}

export function signJwt(claims: object, privateKey: KeyObject): string {
  const header: JwtHeader = { alg: JWT_ALGORITHM, kid: keyId(privateKey) };
  const signingInput = `${encodeJson(header)}.${encodeJson(claims)}`;
  const signature = sign(HASH, Buffer.from(signingInput, 'ascii'), privateKey);
  return `${signingInput}.${base64url(signature)}`;
}

function decodeJson(part: string, what: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidJwtError(`the ${what} is not base64url-encoded JSON`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether the text has a JWT's three dot-separated base64url parts (other bearer tokens do not). */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

/** The claims of a token signed RS256 by one of `publicKeys`; InvalidJwtError otherwise. */
export function verifyJwt(token: string, publicKeys: readonly KeyObject[]): Record<string, unknown> {
  if (!looksLikeJwt(token)) throw new InvalidJwtError('not a compact JWS');
  const [headerPart, claimsPart, signaturePart] = token.split('.');
  const header = decodeJson(headerPart, 'header');
  if (!isObject(header) || header.alg !== JWT_ALGORITHM) throw new InvalidJwtError(`the algorithm must be ${JWT_ALGORITHM}`);
  const signingInput = Buffer.from(`${headerPart}.${claimsPart}`, 'ascii');
  const signature = Buffer.from(signaturePart, 'base64url');
  if (!publicKeys.some((key) => verify(HASH, signingInput, key, signature))) {
    throw new InvalidJwtError('the signature matches none of the trusted keys');
  }
  const claims = decodeJson(claimsPart, 'payload');
  if (!isObject(claims)) throw new InvalidJwtError('the payload is not a JSON object');
  return claims;
}
