// What `flotctl token` makes and shows, as `kubeadm token` does: a random
// token, its Secret in kube-system, the rows of `token list`, and the CA
// pin joining nodes check (`sha256:` of the CA's SubjectPublicKeyInfo).
import { randomInt, X509Certificate } from 'node:crypto';
import {
  BOOTSTRAP_TOKEN_NAMESPACE,
  bootstrapTokenSecretName,
  DESCRIPTION_KEY,
  EXPIRATION_KEY,
  EXTRA_GROUPS_KEY,
  KUBEADM_DEFAULT_NODE_TOKEN_GROUP,
  parseExpiration,
  SECRET_TYPE_BOOTSTRAP_TOKEN,
  TOKEN_ID_KEY,
  TOKEN_SECRET_KEY,
  USAGE_AUTHENTICATION_KEY,
  USAGE_SIGNING_KEY,
} from '../../api/bootstrap-token/bootstrap-token.js';
import type { Secret } from '../../api/types/index.js';
import { humanDuration } from '../../api/tables/duration.js';
import { metaTime } from '../../api/meta-time.js';
import { spkiPin } from './ca-pin.js';

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const TOKEN_ID_LENGTH = 6;
const TOKEN_SECRET_LENGTH = 16;
const USAGE_PREFIX = 'usage-bootstrap-';

function randomText(length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
  return text;
}

export function generateToken(): { id: string; secret: string } {
  return { id: randomText(TOKEN_ID_LENGTH), secret: randomText(TOKEN_SECRET_LENGTH) };
}

export interface TokenSpec {
  id: string;
  secret: string;
  /** 0: never expires. */
  ttlMs: number;
  description?: string;
  nowMs: number;
}

/** kubeadm's token Secret: usable for authentication and signing, in kubeadm's node-token group. */
export function tokenSecret(spec: TokenSpec): Secret {
  const stringData: Record<string, string> = {
    [TOKEN_ID_KEY]: spec.id,
    [TOKEN_SECRET_KEY]: spec.secret,
    [USAGE_AUTHENTICATION_KEY]: 'true',
    [USAGE_SIGNING_KEY]: 'true',
    [EXTRA_GROUPS_KEY]: KUBEADM_DEFAULT_NODE_TOKEN_GROUP,
  };
  if (spec.ttlMs > 0) stringData[EXPIRATION_KEY] = metaTime(spec.nowMs + spec.ttlMs);
  if (spec.description) stringData[DESCRIPTION_KEY] = spec.description;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: bootstrapTokenSecretName(spec.id), namespace: BOOTSTRAP_TOKEN_NAMESPACE },
    type: SECRET_TYPE_BOOTSTRAP_TOKEN,
    stringData,
  };
}

export const TOKEN_LIST_HEADER = ['TOKEN', 'TTL', 'EXPIRES', 'USAGES', 'DESCRIPTION', 'EXTRA GROUPS'];

/** One `token list` row, or undefined for a Secret that is no readable token. */
export function tokenRow(secret: Secret, nowMs: number): string[] | undefined {
  const data = Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
  const id = data[TOKEN_ID_KEY];
  const tokenSecretValue = data[TOKEN_SECRET_KEY];
  if (!id || !tokenSecretValue) return undefined;
  const expiration = data[EXPIRATION_KEY];
  const expires = expiration === undefined ? undefined : parseExpiration(expiration);
  const ttl = expiration === undefined ? '<forever>' : expires === undefined || expires <= nowMs ? '<invalid>' : humanDuration(expires - nowMs);
  const usages = Object.keys(data)
    .filter((k) => k.startsWith(USAGE_PREFIX) && data[k] === 'true')
    .map((k) => k.slice(USAGE_PREFIX.length))
    .sort()
    .join(',');
  return [`${id}.${tokenSecretValue}`, ttl, expiration ?? '<never>', usages || '<none>', data[DESCRIPTION_KEY] || '<none>', data[EXTRA_GROUPS_KEY] || '<none>'];
}

/** `sha256:<hex>` of the certificate's DER SubjectPublicKeyInfo, as kubeadm's --discovery-token-ca-cert-hash. */
export function caCertHash(pem: string): string {
  return spkiPin(new X509Certificate(pem));
}
