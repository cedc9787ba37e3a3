// storage.k8s.io/v1 StorageClass: how volumes of a class come to be. Its
// fields sit at the top level (no spec); provisioner, parameters, reclaim
// policy and binding mode are fixed once created, as Kubernetes' ValidateStorageClassUpdate.
import type { FieldError } from '../errors.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { STORAGE_V1 } from '../openapi/names.js';
import { storageClassTable } from '../tables/storageclass.js';
import type { KubeObject } from '../types/meta.js';
import type { StorageClass } from '../types/storage.js';
import { child, forbidden, FIELD_IMMUTABLE, index, invalidValue, notSupported, required, tooLong, tooMany } from '../validation/field-errors.js';
import { validateLabelName } from '../validation/labels.js';
import { isQualifiedName, nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { semanticEqual } from '../validation/semantic-equal.js';
import { readArray, readBool, readEntry, readString, readStringMap } from '../validation/values.js';
import { metadataOnlyStatusUpdate, setIfEmpty } from './common.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import { validateMountOptions } from './storage-validation.js';

export const STORAGE_CLASS_RECLAIM_POLICIES = ['Delete', 'Retain'] as const;
export const VOLUME_BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'] as const;
export const DEFAULT_STORAGE_CLASS_RECLAIM_POLICY = 'Delete';
export const DEFAULT_VOLUME_BINDING_MODE = 'Immediate';
/** Kubernetes' limits on a provisioner's name and parameters. */
const MAX_PROVISIONER_NAME_LENGTH = 255;
const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_BYTES = 256 * 1024;

function validateProvisioner(value: unknown, errs: FieldError[]): void {
  const provisioner = readString(value, 'provisioner', errs);
  if (!provisioner) {
    if (typeof value !== 'string' || value === '') errs.push(required('provisioner'));
    return;
  }
  if (provisioner.length > MAX_PROVISIONER_NAME_LENGTH) errs.push(tooLong('provisioner', MAX_PROVISIONER_NAME_LENGTH));
  else if (!isQualifiedName(provisioner.toLowerCase())) {
    errs.push(invalidValue('provisioner', provisioner, 'name is not valid: a qualified name such as example.com/my-provisioner is required'));
  }
}

function validateParameters(value: unknown, errs: FieldError[]): void {
  const parameters = readStringMap(value, 'parameters', errs);
  const entries = Object.entries(parameters);
  if (entries.length > MAX_PARAMETERS) errs.push(tooMany('parameters', entries.length, MAX_PARAMETERS));
  let bytes = 0;
  for (const [name, text] of entries) {
    if (name === '') errs.push(invalidValue('parameters', name, 'field can not be empty.'));
    bytes += name.length + text.length;
  }
  if (bytes > MAX_PARAMETERS_BYTES) errs.push(tooLong('parameters', MAX_PARAMETERS_BYTES));
}

function validateAllowedTopologies(value: unknown, errs: FieldError[]): void {
  readArray(value, 'allowedTopologies', errs).forEach((raw, i) => {
    const termPath = index('allowedTopologies', i);
    const term = readEntry(raw, termPath, errs);
    if (!term) return;
    const exprsPath = child(termPath, 'matchLabelExpressions');
    const exprs = readArray(term.matchLabelExpressions, exprsPath, errs);
    if (exprs.length === 0) errs.push(required(exprsPath, 'must have at least one label expression'));
    const seen = new Set<string>();
    exprs.forEach((rawExpr, j) => {
      const path = index(exprsPath, j);
      const expr = readEntry(rawExpr, path, errs);
      if (!expr) return;
      const name = readString(expr.key, child(path, 'key'), errs);
      errs.push(...validateLabelName(name, child(path, 'key')));
      if (seen.has(name)) errs.push(invalidValue(child(path, 'key'), name, 'duplicate key'));
      seen.add(name);
      const values = readArray(expr.values, child(path, 'values'), errs);
      if (values.length === 0) errs.push(required(child(path, 'values'), 'must supply at least one value'));
      values.forEach((v, k) => readString(v, index(child(path, 'values'), k), errs));
    });
  });
}

function validate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: false, nameFn: nameIsDnsSubdomain });
  validateProvisioner(obj.provisioner, errs);
  validateParameters(obj.parameters, errs);
  if (!(STORAGE_CLASS_RECLAIM_POLICIES as readonly unknown[]).includes(obj.reclaimPolicy)) {
    errs.push(notSupported('reclaimPolicy', obj.reclaimPolicy, STORAGE_CLASS_RECLAIM_POLICIES));
  }
  if (!(VOLUME_BINDING_MODES as readonly unknown[]).includes(obj.volumeBindingMode)) {
    errs.push(notSupported('volumeBindingMode', obj.volumeBindingMode, VOLUME_BINDING_MODES));
  }
  readBool(obj.allowVolumeExpansion, 'allowVolumeExpansion', errs);
  errs.push(...validateMountOptions(obj.mountOptions, 'mountOptions'));
  validateAllowedTopologies(obj.allowedTopologies, errs);
  return errs;
}

function validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  for (const field of ['parameters', 'provisioner', 'reclaimPolicy']) {
    if (!semanticEqual(obj[field], old[field])) errs.push(forbidden(field, `updates to ${field} are forbidden.`));
  }
  if (obj.volumeBindingMode !== old.volumeBindingMode) errs.push(invalidValue('volumeBindingMode', obj.volumeBindingMode, FIELD_IMMUTABLE));
  return [...errs, ...validate(obj)];
}

export const storageClassStrategy: KindStrategy = {
  resetStatusOnCreate: false,
  // No spec, so nothing for metadata.generation to count.
  tracksGeneration: false,
  applyDefaults(obj) {
    setIfEmpty(obj, 'reclaimPolicy', DEFAULT_STORAGE_CLASS_RECLAIM_POLICY);
    setIfEmpty(obj, 'volumeBindingMode', DEFAULT_VOLUME_BINDING_MODE);
  },
  validate,
  validateUpdate,
  validateStatusUpdate: metadataOnlyStatusUpdate,
};

const SCHEMA = kindSchema(`${STORAGE_V1}StorageClass`);

export const storageClassKind: KindDefinition<StorageClass> = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'StorageClass',
  plural: 'storageclasses',
  singular: 'storageclass',
  shortNames: ['sc'],
  categories: [],
  namespaced: false,
  subresources: { status: false },
  strategy: storageClassStrategy,
  table: storageClassTable,
  fieldSelectors: {},
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
