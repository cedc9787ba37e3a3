// v1 PersistentVolumeClaim: a namespaced request for storage. Defaults as
// Kubernetes' (Filesystem, phase Pending); the spec is fixed at creation except
// the requested size, and the volume name a binder fills in once. The default
// StorageClass and the protection finalizer are added by the apiserver's
// admission on create, not here: they depend on other objects.
import type { FieldError } from '../errors.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { CORE } from '../openapi/names.js';
import { compareQuantities, isValidQuantity } from '../quantity.js';
import { persistentVolumeClaimTable } from '../tables/persistentvolumeclaim.js';
import type { KubeObject } from '../types/meta.js';
import type { PersistentVolumeClaim } from '../types/storage.js';
import { forbidden, invalidValue, key, notSupported, required } from '../validation/field-errors.js';
import { validateLabelSelector } from '../validation/labels.js';
import { nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { quantityText } from '../validation/resources.js';
import { differences, formatDifferences, semanticEqual } from '../validation/semantic-equal.js';
import { isAbsent, readRecord, readString, recordOf, type JsonRecord } from '../validation/values.js';
import { ensureRecord, setIfAbsent, setIfEmpty, specOf, statusOf } from './common.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import {
  DEFAULT_VOLUME_MODE,
  STORAGE,
  validateAccessModes,
  validateClassName,
  validateStorageSize,
  validateVolumeMode,
} from './storage-validation.js';

export const PVC_PHASES = ['Bound', 'Lost', 'Pending'] as const;
const MAX_LISTED_DIFFERENCES = 10;
const IMMUTABLE_SPEC = 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';
const UNSUPPORTED_DATA_SOURCE = 'not supported: claims cannot be populated from snapshots, other claims or volume populators';

function applyDefaults(obj: KubeObject): void {
  const spec = ensureRecord(obj, 'spec');
  if (spec) setIfAbsent(spec, 'volumeMode', DEFAULT_VOLUME_MODE);
  const status = ensureRecord(obj, 'status');
  if (status) setIfEmpty(status, 'phase', 'Pending');
}

function validateResources(spec: JsonRecord): FieldError[] {
  const errs: FieldError[] = [];
  const resources = readRecord(spec.resources, 'spec.resources', errs) ?? {};
  const requests = readRecord(resources.requests, 'spec.resources.requests', errs) ?? {};
  readRecord(resources.limits, 'spec.resources.limits', errs);
  // Kubernetes names the field `spec.resources[storage]` in these two messages.
  const storagePath = key('spec.resources', STORAGE);
  if (isAbsent(requests[STORAGE])) return [...errs, required(storagePath)];
  return [...errs, ...validateStorageSize(requests[STORAGE], storagePath)];
}

function validateSpec(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = readRecord(obj.spec, 'spec', errs) ?? {};
  errs.push(...validateAccessModes(spec.accessModes, 'spec.accessModes', 'at least 1 access mode is required'));
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  errs.push(...validateResources(spec));
  readString(spec.volumeName, 'spec.volumeName', errs);
  errs.push(...validateClassName(spec.storageClassName, 'spec.storageClassName'));
  errs.push(...validateClassName(spec.volumeAttributesClassName, 'spec.volumeAttributesClassName'));
  errs.push(...validateVolumeMode(spec.volumeMode, 'spec.volumeMode'));
  for (const field of ['dataSource', 'dataSourceRef']) {
    if (!isAbsent(spec[field])) errs.push(forbidden(`spec.${field}`, UNSUPPORTED_DATA_SOURCE));
  }
  return errs;
}

function validateStatus(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const status = readRecord(obj.status, 'status', errs) ?? {};
  if (!isAbsent(status.phase) && !(PVC_PHASES as readonly unknown[]).includes(status.phase)) errs.push(notSupported('status.phase', status.phase, PVC_PHASES));
  if (!isAbsent(status.accessModes)) errs.push(...validateAccessModes(status.accessModes, 'status.accessModes'));
  const capacity = readRecord(status.capacity, 'status.capacity', errs) ?? {};
  for (const [name, value] of Object.entries(capacity)) {
    const text = quantityText(value);
    if (text === undefined || !isValidQuantity(text) || compareQuantities(text, 0) < 0) {
      errs.push(invalidValue(key('status.capacity', name), value, 'must be a non-negative quantity'));
    }
  }
  return errs;
}

function storageRequest(spec: JsonRecord): unknown {
  return recordOf(recordOf(spec.resources).requests)[STORAGE];
}

/** The spec without the fields an update may change: the requests, the attributes class, and a volume name the claim did not have. */
function fixedPart(spec: JsonRecord, volumeNameSettable: boolean): JsonRecord {
  const out = structuredClone(spec);
  const resources = recordOf(out.resources);
  delete resources.requests;
  if (Object.keys(resources).length === 0) delete out.resources;
  delete out.volumeAttributesClassName;
  if (volumeNameSettable) delete out.volumeName;
  return out;
}

/**
 * Kubernetes' ValidatePersistentVolumeClaimUpdate: only the updatable fields
 * change, and a bound claim's size never shrinks (volumes only grow).
 */
function validateSpecUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec = specOf(obj);
  const prev = specOf(old);
  // A binder names the volume of a claim that had none.
  const volumeNameSettable = !prev.volumeName;
  const errs: FieldError[] = [];
  const [before, after] = [fixedPart(prev, volumeNameSettable), fixedPart(spec, volumeNameSettable)];
  if (!semanticEqual(after, before)) {
    errs.push(forbidden('spec', `${IMMUTABLE_SPEC}\n${formatDifferences(differences(before, after, 'spec', MAX_LISTED_DIFFERENCES))}`));
  }
  const oldSize = quantityText(storageRequest(prev));
  const newSize = quantityText(storageRequest(spec));
  if (statusOf(old).phase === 'Bound' && oldSize && newSize && isValidQuantity(oldSize) && isValidQuantity(newSize) && compareQuantities(newSize, oldSize) < 0) {
    errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than previous value'));
  }
  return errs;
}

function validate(obj: KubeObject): FieldError[] {
  return [...validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain }), ...validateSpec(obj), ...validateStatus(obj)];
}

export const persistentVolumeClaimStrategy: KindStrategy = {
  // Kubernetes' PrepareForCreate: a new claim starts Pending, unbound.
  resetStatusOnCreate: true,
  tracksGeneration: false,
  applyDefaults,
  validate,
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateSpecUpdate(obj, old), ...validate(obj)];
  },
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validateStatus(obj)];
  },
};

const SCHEMA = kindSchema(`${CORE}PersistentVolumeClaim`);

export const persistentVolumeClaimKind: KindDefinition<PersistentVolumeClaim> = {
  group: '',
  version: 'v1',
  kind: 'PersistentVolumeClaim',
  plural: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  shortNames: ['pvc'],
  categories: [],
  namespaced: true,
  subresources: { status: true },
  strategy: persistentVolumeClaimStrategy,
  table: persistentVolumeClaimTable,
  // Kubernetes' PersistentVolumeClaimToSelectableFields adds `name` beside metadata.name.
  fieldSelectors: { name: (obj) => obj.metadata.name ?? '' },
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
