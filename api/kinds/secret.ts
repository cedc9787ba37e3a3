// v1 Secret: bytes under config keys (base64 in JSON), at most 1 MiB, a type
// whose well-known values require their keys, `stringData` folded into `data`
// on every write, and `immutable` freezing the data for good.
import type { FieldError } from '../errors.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { CORE } from '../openapi/names.js';
import { secretTable } from '../tables/secret.js';
import type { Secret } from '../types/config.js';
import type { KubeObject } from '../types/meta.js';
import { FIELD_IMMUTABLE, invalidValue, key, required } from '../validation/field-errors.js';
import { nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { isRecord, readBool, readString, readStringMap } from '../validation/values.js';
import { base64Bytes, isBase64, validateBase64Values, validateConfigKeys, validateImmutableData, validateTotalSize } from './config-data.js';
import { metadataOnlyStatusUpdate } from './common.js';
import { bootstrapTokenSecretErrors, SECRET_TYPE_BOOTSTRAP_TOKEN } from '../bootstrap-token/bootstrap-token.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';

export const SECRET_TYPE_OPAQUE = 'Opaque';
export const SECRET_TYPE_SERVICE_ACCOUNT_TOKEN = 'kubernetes.io/service-account-token';
export const SECRET_TYPE_DOCKERCFG = 'kubernetes.io/dockercfg';
export const SECRET_TYPE_DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';
export const SECRET_TYPE_BASIC_AUTH = 'kubernetes.io/basic-auth';
export const SECRET_TYPE_SSH_AUTH = 'kubernetes.io/ssh-auth';
export const SECRET_TYPE_TLS = 'kubernetes.io/tls';

const SERVICE_ACCOUNT_NAME_ANNOTATION = 'kubernetes.io/service-account.name';
/** Kubernetes never echoes a Secret's value in an error. */
const REDACTED = '<secret contents redacted>';

/** The keys each well-known type requires, as Kubernetes' ValidateSecret. */
function validateType(type: string, data: Record<string, string>, annotations: unknown, name: string): FieldError[] {
  const has = (name: string): boolean => Object.prototype.hasOwnProperty.call(data, name);
  const decoded = (name: string): string => (isBase64(data[name]) ? Buffer.from(data[name], 'base64').toString('utf8') : '');
  switch (type) {
    case SECRET_TYPE_SERVICE_ACCOUNT_TOKEN: {
      const name = isRecord(annotations) ? annotations[SERVICE_ACCOUNT_NAME_ANNOTATION] : undefined;
      return typeof name === 'string' && name !== '' ? [] : [required(`metadata.annotations[${SERVICE_ACCOUNT_NAME_ANNOTATION}]`)];
    }
    case SECRET_TYPE_DOCKERCFG:
      return jsonObjectKey(has, decoded, '.dockercfg');
    case SECRET_TYPE_DOCKER_CONFIG_JSON:
      return jsonObjectKey(has, decoded, '.dockerconfigjson');
    case SECRET_TYPE_BASIC_AUTH:
      // Either may be empty, but one of them must be there.
      return has('username') || has('password') ? [] : [required(key('data', 'username')), required(key('data', 'password'))];
    case SECRET_TYPE_SSH_AUTH:
      return has('ssh-privatekey') && base64Bytes(data['ssh-privatekey']) > 0 ? [] : [required(key('data', 'ssh-privatekey'))];
    case SECRET_TYPE_TLS:
      return ['tls.crt', 'tls.key'].filter((name) => !has(name)).map((name) => required(key('data', name)));
    case SECRET_TYPE_BOOTSTRAP_TOKEN:
      return bootstrapTokenSecretErrors(name, Object.fromEntries(Object.keys(data).map((k) => [k, decoded(k)])));
    default:
      return [];
  }
}

/** The docker config types: the key is there and holds a JSON object. */
function jsonObjectKey(has: (name: string) => boolean, decoded: (name: string) => string, name: string): FieldError[] {
  if (!has(name)) return [required(key('data', name))];
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded(name));
  } catch (err) {
    return [invalidValue(key('data', name), REDACTED, err instanceof Error ? err.message : String(err))];
  }
  return isRecord(parsed) ? [] : [invalidValue(key('data', name), REDACTED, 'must be a JSON object')];
}

function validate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  const data = readStringMap(obj.data, 'data', errs);
  errs.push(...validateConfigKeys(data, 'data'), ...validateBase64Values(data, 'data'));
  const bytes = Object.values(data).reduce((sum, value) => sum + base64Bytes(value), 0);
  errs.push(...validateTotalSize(bytes, 'data'));
  errs.push(...validateType(readString(obj.type, 'type', errs), data, obj.metadata.annotations, typeof obj.metadata.name === 'string' ? obj.metadata.name : ''));
  readBool(obj.immutable, 'immutable', errs);
  return errs;
}

/**
 * stringData is a write-only convenience: its values, encoded, replace those
 * of data under the same keys, and it is never stored. Values that are not
 * strings stay in stringData for validation to report.
 */
export function foldStringData(obj: KubeObject): void {
  if (!isRecord(obj.stringData)) {
    if (obj.stringData === null) delete obj.stringData;
    return;
  }
  const data: Record<string, unknown> = isRecord(obj.data) ? { ...obj.data } : {};
  const leftover: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(obj.stringData)) {
    if (typeof value === 'string') data[name] = Buffer.from(value, 'utf8').toString('base64');
    else leftover[name] = value;
  }
  obj.data = data;
  if (Object.keys(leftover).length > 0) obj.stringData = leftover;
  else delete obj.stringData;
}

function validateStringDataLeftovers(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  if (obj.stringData !== undefined) readStringMap(obj.stringData, 'stringData', errs);
  return errs;
}

export const secretStrategy: KindStrategy = {
  resetStatusOnCreate: false,
  // No spec, so nothing for metadata.generation to count.
  tracksGeneration: false,
  applyDefaults(obj) {
    foldStringData(obj);
    if (obj.type === undefined || obj.type === null || obj.type === '') obj.type = SECRET_TYPE_OPAQUE;
  },
  validate(obj) {
    return [...validate(obj), ...validateStringDataLeftovers(obj)];
  },
  validateUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
    if (obj.type !== old.type) errs.push(invalidValue('type', obj.type, FIELD_IMMUTABLE));
    return [...errs, ...validateImmutableData(obj, old, ['data']), ...validate(obj), ...validateStringDataLeftovers(obj)];
  },
  validateStatusUpdate: metadataOnlyStatusUpdate,
};

const SCHEMA = kindSchema(`${CORE}Secret`);

export const secretKind: KindDefinition<Secret> = {
  group: '',
  version: 'v1',
  kind: 'Secret',
  plural: 'secrets',
  singular: 'secret',
  shortNames: [],
  categories: [],
  namespaced: true,
  subresources: { status: false },
  strategy: secretStrategy,
  table: secretTable,
  fieldSelectors: { type: (obj) => (typeof obj.type === 'string' ? obj.type : '') },
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
