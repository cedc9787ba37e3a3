// Bootstrap tokens, as Kubernetes defines them: `<id>.<secret>` (6 and 16
// characters of [a-z0-9]) stored as a Secret of type
// bootstrap.kubernetes.io/token named bootstrap-token-<id> in kube-system,
// with an optional RFC 3339 expiration, usage flags and extra groups that
// must lie under system:bootstrappers:.
import type { FieldError } from '../errors.js';
import { invalidValue, key, required } from '../validation/field-errors.js';

export const SECRET_TYPE_BOOTSTRAP_TOKEN = 'bootstrap.kubernetes.io/token';
export const BOOTSTRAP_TOKEN_NAMESPACE = 'kube-system';
export const BOOTSTRAP_TOKEN_SECRET_PREFIX = 'bootstrap-token-';

export const TOKEN_ID_KEY = 'token-id';
export const TOKEN_SECRET_KEY = 'token-secret';
export const EXPIRATION_KEY = 'expiration';
export const DESCRIPTION_KEY = 'description';
export const EXTRA_GROUPS_KEY = 'auth-extra-groups';
export const USAGE_AUTHENTICATION_KEY = 'usage-bootstrap-authentication';
export const USAGE_SIGNING_KEY = 'usage-bootstrap-signing';
const USAGE_PREFIX = 'usage-bootstrap-';

/** Every bootstrap token authenticates in this group, and as `system:bootstrap:<id>`. */
export const BOOTSTRAPPERS_GROUP = 'system:bootstrappers';
export const BOOTSTRAP_USER_PREFIX = 'system:bootstrap:';
/** kubeadm's extra group for the tokens it makes for joining nodes. */
export const KUBEADM_DEFAULT_NODE_TOKEN_GROUP = 'system:bootstrappers:kubeadm:default-node-token';

export const TOKEN_ID_PATTERN = /^[a-z0-9]{6}$/;
export const TOKEN_SECRET_PATTERN = /^[a-z0-9]{16}$/;
const TOKEN_PATTERN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const EXTRA_GROUP_PATTERN = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;
/** RFC 3339 with a zone, as Go's time.RFC3339 parses it. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export interface BootstrapTokenString {
  id: string;
  secret: string;
}

/** `<id>.<secret>`, or undefined when the text is not shaped as a bootstrap token. */
export function parseBootstrapToken(token: string): BootstrapTokenString | undefined {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { id: match[1], secret: match[2] } : undefined;
}

export function bootstrapTokenSecretName(id: string): string {
  return `${BOOTSTRAP_TOKEN_SECRET_PREFIX}${id}`;
}

/** The instant in an expiration value, or undefined when it is not RFC 3339. */
export function parseExpiration(value: string): number | undefined {
  if (!RFC3339.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The extra groups of `auth-extra-groups` (comma-separated), blanks dropped. */
export function extraGroupsOf(value: string | undefined): string[] {
  return (value ?? '').split(',').map((g) => g.trim()).filter(Boolean);
}

/**
 * Problems with a bootstrap token Secret's decoded data, named by field. The
 * authenticator ignores a Secret that would fail these; refusing it at write
 * time tells the writer at once.
 */
export function bootstrapTokenSecretErrors(name: string, data: Readonly<Record<string, string>>): FieldError[] {
  const errs: FieldError[] = [];
  const id = data[TOKEN_ID_KEY];
  if (id === undefined) errs.push(required(key('data', TOKEN_ID_KEY)));
  else if (!TOKEN_ID_PATTERN.test(id)) errs.push(invalidValue(key('data', TOKEN_ID_KEY), id, `must match ${TOKEN_ID_PATTERN.source}`));
  else if (name !== bootstrapTokenSecretName(id)) {
    errs.push(invalidValue('metadata.name', name, `a bootstrap token Secret must be named ${bootstrapTokenSecretName(id)} after its token-id`));
  }
  const secret = data[TOKEN_SECRET_KEY];
  if (secret === undefined) errs.push(required(key('data', TOKEN_SECRET_KEY)));
  // The secret itself is never echoed.
  else if (!TOKEN_SECRET_PATTERN.test(secret)) errs.push(invalidValue(key('data', TOKEN_SECRET_KEY), '<secret contents redacted>', `must match ${TOKEN_SECRET_PATTERN.source}`));
  const expiration = data[EXPIRATION_KEY];
  if (expiration !== undefined && parseExpiration(expiration) === undefined) {
    errs.push(invalidValue(key('data', EXPIRATION_KEY), expiration, 'must be an RFC 3339 time, such as 2025-01-02T15:04:05Z'));
  }
  for (const [field, value] of Object.entries(data)) {
    if (field.startsWith(USAGE_PREFIX) && value !== 'true' && value !== 'false') {
      errs.push(invalidValue(key('data', field), value, 'must be "true" or "false"'));
    }
  }
  for (const group of extraGroupsOf(data[EXTRA_GROUPS_KEY])) {
    if (!EXTRA_GROUP_PATTERN.test(group)) {
      errs.push(invalidValue(key('data', EXTRA_GROUPS_KEY), group, `must match ${EXTRA_GROUP_PATTERN.source}`));
    }
  }
  return errs;
}
