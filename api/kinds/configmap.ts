// v1 ConfigMap: keys as Kubernetes' IsConfigMapKey allows them, at most 1 MiB
// of values, and `immutable` freezing the data for good.
import type { FieldError } from '../errors.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { CORE } from '../openapi/names.js';
import { configMapTable } from '../tables/configmap.js';
import type { ConfigMap } from '../types/config.js';
import type { KubeObject } from '../types/meta.js';
import { forbidden, invalidValue, key, tooLong } from '../validation/field-errors.js';
import { configMapKeyErrors, nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { semanticEqual } from '../validation/semantic-equal.js';
import { readBool, readStringMap } from '../validation/values.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';

/** Kubernetes' MaxSecretSize, which bounds ConfigMaps too: values of data and binaryData together. */
export const MAX_CONFIG_MAP_BYTES = 1024 * 1024;
const IMMUTABLE_MESSAGE = 'field is immutable when `immutable` is set';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function validateKeys(map: Record<string, string>, field: string, errs: FieldError[]): void {
  for (const name of Object.keys(map)) {
    for (const message of configMapKeyErrors(name)) errs.push(invalidValue(key(field, name), name, message));
  }
}

function validate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  const data = readStringMap(obj.data, 'data', errs);
  const binaryData = readStringMap(obj.binaryData, 'binaryData', errs);
  validateKeys(data, 'data', errs);
  validateKeys(binaryData, 'binaryData', errs);
  let bytes = 0;
  for (const value of Object.values(data)) bytes += Buffer.byteLength(value);
  for (const [name, value] of Object.entries(binaryData)) {
    if (Object.prototype.hasOwnProperty.call(data, name)) errs.push(invalidValue(key('binaryData', name), name, 'duplicate of key present in data'));
    if (!BASE64.test(value)) errs.push(invalidValue(key('binaryData', name), '', 'must be base64-encoded bytes'));
    bytes += Buffer.from(value, 'base64').length;
  }
  if (bytes > MAX_CONFIG_MAP_BYTES) errs.push(tooLong('data', MAX_CONFIG_MAP_BYTES));
  readBool(obj.immutable, 'immutable', errs);
  return errs;
}

function validateImmutability(obj: KubeObject, old: KubeObject): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true) errs.push(forbidden('immutable', IMMUTABLE_MESSAGE));
  if (!semanticEqual(obj.data ?? {}, old.data ?? {})) errs.push(forbidden('data', IMMUTABLE_MESSAGE));
  if (!semanticEqual(obj.binaryData ?? {}, old.binaryData ?? {})) errs.push(forbidden('binaryData', IMMUTABLE_MESSAGE));
  return errs;
}

export const configMapStrategy: KindStrategy = {
  resetStatusOnCreate: false,
  // No spec, so nothing for metadata.generation to count.
  tracksGeneration: false,
  applyDefaults() {
    // Kubernetes defaults nothing on a ConfigMap.
  },
  validate,
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateImmutability(obj, old), ...validate(obj)];
  },
  validateStatusUpdate(obj, old) {
    return validateObjectMetaUpdate(obj.metadata, old.metadata);
  },
};

const SCHEMA = kindSchema(`${CORE}ConfigMap`);

export const configMapKind: KindDefinition<ConfigMap> = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  singular: 'configmap',
  shortNames: ['cm'],
  categories: [],
  namespaced: true,
  subresources: { status: false },
  strategy: configMapStrategy,
  table: configMapTable,
  fieldSelectors: {},
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
