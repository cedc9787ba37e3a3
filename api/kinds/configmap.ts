// v1 ConfigMap: keys as Kubernetes' IsConfigMapKey allows them, at most 1 MiB
// of values, and `immutable` freezing the data for good.
import type { FieldError } from '../errors.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { CORE } from '../openapi/names.js';
import { configMapTable } from '../tables/configmap.js';
import type { ConfigMap } from '../types/config.js';
import type { KubeObject } from '../types/meta.js';
import { invalidValue, key } from '../validation/field-errors.js';
import { nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { readBool, readStringMap } from '../validation/values.js';
import { base64Bytes, MAX_CONFIG_DATA_BYTES, validateBase64Values, validateConfigKeys, validateImmutableData, validateTotalSize } from './config-data.js';
import { metadataOnlyStatusUpdate } from './common.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';

/** Kubernetes' MaxSecretSize, which bounds ConfigMaps too: values of data and binaryData together. */
export const MAX_CONFIG_MAP_BYTES = MAX_CONFIG_DATA_BYTES;

function validate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  const data = readStringMap(obj.data, 'data', errs);
  const binaryData = readStringMap(obj.binaryData, 'binaryData', errs);
  errs.push(...validateConfigKeys(data, 'data'), ...validateConfigKeys(binaryData, 'binaryData'));
  let bytes = 0;
  for (const value of Object.values(data)) bytes += Buffer.byteLength(value);
  for (const [name, value] of Object.entries(binaryData)) {
    if (Object.prototype.hasOwnProperty.call(data, name)) errs.push(invalidValue(key('binaryData', name), name, 'duplicate of key present in data'));
    bytes += base64Bytes(value);
  }
  errs.push(...validateBase64Values(binaryData, 'binaryData'), ...validateTotalSize(bytes, 'data'));
  readBool(obj.immutable, 'immutable', errs);
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
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateImmutableData(obj, old, ['data', 'binaryData']), ...validate(obj)];
  },
  validateStatusUpdate: metadataOnlyStatusUpdate,
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
