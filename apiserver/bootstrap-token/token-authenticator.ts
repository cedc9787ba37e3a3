// Bearer tokens shaped `<id>.<secret>` are bootstrap tokens: the caller is
// `system:bootstrap:<id>` in system:bootstrappers (plus the token's extra
// groups) while its Secret in kube-system exists, is not being deleted, has
// not expired, allows authentication and holds the same secret. Anything else
// is not recognised, so the next authenticator may try the token.
import { timingSafeEqual } from 'node:crypto';
import {
  BOOTSTRAP_TOKEN_NAMESPACE,
  BOOTSTRAP_USER_PREFIX,
  BOOTSTRAPPERS_GROUP,
  bootstrapTokenSecretName,
  EXPIRATION_KEY,
  EXTRA_GROUPS_KEY,
  extraGroupsOf,
  parseBootstrapToken,
  parseExpiration,
  SECRET_TYPE_BOOTSTRAP_TOKEN,
  TOKEN_ID_KEY,
  TOKEN_SECRET_KEY,
  USAGE_AUTHENTICATION_KEY,
} from '../../api/bootstrap-token/bootstrap-token.js';
import { isApiError } from '../../api/errors.js';
import { resources, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject, Secret } from '../../api/types/index.js';
import type { Logger } from '../../client/logger.js';
import { tokenAuthenticator, type Authenticator } from '../http/authenticator.js';
import type { UserInfo } from '../http/request-context.js';

/** Reads objects as the registry stores them; NotFound when absent. */
export interface SecretReader {
  get(info: ResourceInfo, namespace: string, name: string): Promise<KubeObject>;
}

export interface BootstrapTokenOptions {
  now: () => number;
  log: Logger;
}

function decodedData(secret: Secret): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [name, value] of Object.entries(secret.data ?? {})) data[name] = Buffer.from(value, 'base64').toString('utf8');
  return data;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Why a stored token Secret does not admit `secret` now; undefined when it does. */
export function refusal(stored: Secret, id: string, secret: string, nowMs: number): string | undefined {
  if (stored.type !== SECRET_TYPE_BOOTSTRAP_TOKEN) return `secret is not of type ${SECRET_TYPE_BOOTSTRAP_TOKEN}`;
  if (stored.metadata.deletionTimestamp) return 'token is being deleted';
  const data = decodedData(stored);
  if (data[TOKEN_ID_KEY] !== id) return 'token-id does not match the secret name';
  if (!sameSecret(data[TOKEN_SECRET_KEY] ?? '', secret)) return 'token secret does not match';
  const expiration = data[EXPIRATION_KEY];
  if (expiration !== undefined) {
    const expires = parseExpiration(expiration);
    if (expires === undefined || expires <= nowMs) return 'token has expired';
  }
  if (data[USAGE_AUTHENTICATION_KEY] !== 'true') return 'token is not usable for authentication';
  return undefined;
}

/** The caller a bootstrap token names, or undefined when it is not a valid, current bootstrap token. */
export async function authenticateBootstrapToken(secrets: SecretReader, token: string, options: BootstrapTokenOptions): Promise<UserInfo | undefined> {
  const parsed = parseBootstrapToken(token);
  if (!parsed) return undefined;
  let stored: Secret;
  try {
    stored = (await secrets.get(resources.secrets, BOOTSTRAP_TOKEN_NAMESPACE, bootstrapTokenSecretName(parsed.id))) as Secret;
  } catch (err) {
    if (isApiError(err, 'NotFound')) {
      options.log.debug({ tokenId: parsed.id }, 'bootstrap token refused: no such token');
      return undefined;
    }
    throw err;
  }
  const why = refusal(stored, parsed.id, parsed.secret, options.now());
  if (why) {
    // The id is public; the secret never appears in a log.
    options.log.debug({ tokenId: parsed.id, reason: why }, 'bootstrap token refused');
    return undefined;
  }
  const extra = extraGroupsOf(decodedData(stored)[EXTRA_GROUPS_KEY]);
  return { name: `${BOOTSTRAP_USER_PREFIX}${parsed.id}`, uid: '', groups: [BOOTSTRAPPERS_GROUP, ...extra.filter((g) => g !== BOOTSTRAPPERS_GROUP)] };
}

/** The authenticator chain's adapter (HTTPS and gRPC alike): the bearer token, checked as above. */
export function bootstrapTokenAuthenticator(secrets: SecretReader, options: BootstrapTokenOptions): Authenticator {
  return tokenAuthenticator((token) => authenticateBootstrapToken(secrets, token, options));
}
