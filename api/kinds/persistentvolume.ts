// v1 PersistentVolume: a piece of storage, cluster-scoped. Defaults as
// Kubernetes' SetDefaults_PersistentVolume (Retain, Filesystem, phase Pending);
// validation in persistentvolume-validation.ts. Its status is the volume
// controller's, written through the status subresource.
import type { FieldError } from '../errors.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { CORE } from '../openapi/names.js';
import { persistentVolumeTable } from '../tables/persistentvolume.js';
import type { KubeObject } from '../types/meta.js';
import type { PersistentVolume } from '../types/storage.js';
import { nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { isRecord } from '../validation/values.js';
import { ensureRecord, setIfAbsent, setIfEmpty } from './common.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import {
  validatePersistentVolumeSpec,
  validatePersistentVolumeSpecUpdate,
  validatePersistentVolumeStatus,
} from './persistentvolume-validation.js';
import { DEFAULT_VOLUME_MODE } from './storage-validation.js';

/** Statically created volumes keep their data when released; provisioners set their class's policy. */
export const DEFAULT_PV_RECLAIM_POLICY = 'Retain';

function applyDefaults(obj: KubeObject): void {
  const spec = ensureRecord(obj, 'spec');
  if (spec) {
    setIfEmpty(spec, 'persistentVolumeReclaimPolicy', DEFAULT_PV_RECLAIM_POLICY);
    setIfAbsent(spec, 'volumeMode', DEFAULT_VOLUME_MODE);
    if (isRecord(spec.hostPath)) setIfAbsent(spec.hostPath, 'type', '');
  }
  const status = ensureRecord(obj, 'status');
  if (status) setIfEmpty(status, 'phase', 'Pending');
}

function validate(obj: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, { namespaced: false, nameFn: nameIsDnsSubdomain }),
    ...validatePersistentVolumeSpec(obj),
    ...validatePersistentVolumeStatus(obj),
  ];
}

export const persistentVolumeStrategy: KindStrategy = {
  // Kubernetes' PrepareForCreate: a new volume starts Pending whatever it was sent with.
  resetStatusOnCreate: true,
  tracksGeneration: false,
  applyDefaults,
  validate,
  validateUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePersistentVolumeSpecUpdate(obj, old), ...validate(obj)];
  },
  validateStatusUpdate(obj, old) {
    return [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePersistentVolumeStatus(obj)];
  },
};

const SCHEMA = kindSchema(`${CORE}PersistentVolume`);

export const persistentVolumeKind: KindDefinition<PersistentVolume> = {
  group: '',
  version: 'v1',
  kind: 'PersistentVolume',
  plural: 'persistentvolumes',
  singular: 'persistentvolume',
  shortNames: ['pv'],
  categories: [],
  namespaced: false,
  subresources: { status: true },
  strategy: persistentVolumeStrategy,
  table: persistentVolumeTable,
  // Kubernetes' PersistentVolumeToSelectableFields adds `name` beside metadata.name.
  fieldSelectors: { name: (obj) => obj.metadata.name ?? '' },
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
