// v1 PersistentVolume spec and status rules, as Kubernetes'
// ValidatePersistentVolume(Update): exactly one source, a storage capacity,
// known access modes and policies, and node affinity for local volumes.
// Flotilla mounts hostPath and local volumes only, so the other sources are
// refused at the door rather than stored as volumes no pod could ever use.
import type { FieldError } from '../errors.js';
import type { KubeObject } from '../types/meta.js';
import { child, FIELD_IMMUTABLE, forbidden, invalidValue, notSupported, required } from '../validation/field-errors.js';
import { validateNodeSelector } from '../validation/scheduling.js';
import { semanticEqual } from '../validation/semantic-equal.js';
import { HOST_PATH_TYPES, validatePathNoBacksteps } from '../validation/volumes.js';
import { isAbsent, readRecord, readString, recordOf, type JsonRecord } from '../validation/values.js';
import { specOf } from './common.js';
import { validateAccessModes, validateClassName, validateMountOptions, validateStorageOnly, validateVolumeMode } from './storage-validation.js';

/** The sources Flotilla's agent can mount. */
export const MOUNTABLE_PV_SOURCES = ['hostPath', 'local'] as const;

/** Every other member of Kubernetes' PersistentVolumeSource. */
export const UNMOUNTABLE_PV_SOURCES = [
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'nfs',
  'rbd',
  'iscsi',
  'cinder',
  'cephfs',
  'fc',
  'flocker',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
] as const;

export const PV_SOURCES: readonly string[] = [...MOUNTABLE_PV_SOURCES, ...UNMOUNTABLE_PV_SOURCES];

export const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'] as const;
export const PV_PHASES = ['Available', 'Bound', 'Failed', 'Pending', 'Released'] as const;

const UNMOUNTABLE_DETAIL = `not supported: Flotilla mounts only ${MOUNTABLE_PV_SOURCES.join(' and ')} volumes`;

function sourcesOf(spec: JsonRecord): string[] {
  return PV_SOURCES.filter((name) => !isAbsent(spec[name]));
}

function validateHostPath(source: JsonRecord, spec: JsonRecord): FieldError[] {
  const errs: FieldError[] = [];
  const path = readString(source.path, 'spec.hostPath.path', errs);
  if (!path) return [...errs, required('spec.hostPath.path')];
  errs.push(...validatePathNoBacksteps(path, 'spec.hostPath.path'));
  if (!isAbsent(source.type) && !HOST_PATH_TYPES.includes(String(source.type))) errs.push(notSupported('spec.hostPath.type', source.type, HOST_PATH_TYPES));
  // Recycling scrubs the directory: never the host's root.
  if (spec.persistentVolumeReclaimPolicy === 'Recycle' && path.replace(/\/+$/, '') === '') {
    errs.push(forbidden('spec.persistentVolumeReclaimPolicy', "may not be 'recycle' for a hostPath mount of '/'"));
  }
  if (Array.isArray(spec.mountOptions) && spec.mountOptions.length > 0) errs.push(forbidden('spec.mountOptions', 'may not specify mount options for this volume type'));
  return errs;
}

function validateLocal(source: JsonRecord, spec: JsonRecord): FieldError[] {
  const errs: FieldError[] = [];
  const path = readString(source.path, 'spec.local.path', errs);
  if (!path) errs.push(required('spec.local.path'));
  else if (!path.startsWith('/')) errs.push(invalidValue('spec.local.path', path, 'must be an absolute path'));
  else errs.push(...validatePathNoBacksteps(path, 'spec.local.path'));
  readString(source.fsType, 'spec.local.fsType', errs);
  if (isAbsent(spec.nodeAffinity)) errs.push(required('spec.nodeAffinity', 'Local volume requires node affinity'));
  return errs;
}

function validateSource(spec: JsonRecord): FieldError[] {
  const present = sourcesOf(spec);
  if (present.length === 0) return [required('spec', 'must specify a volume type')];
  if (present.length > 1) return [forbidden(`spec.${present[1]}`, 'may not specify more than 1 volume type')];
  const [name] = present;
  const errs: FieldError[] = [];
  const source = readRecord(spec[name], `spec.${name}`, errs);
  if (!source) return errs;
  if (name === 'hostPath') return validateHostPath(source, spec);
  if (name === 'local') return validateLocal(source, spec);
  return [forbidden(`spec.${name}`, UNMOUNTABLE_DETAIL)];
}

function validateNodeAffinity(value: unknown): FieldError[] {
  const errs: FieldError[] = [];
  const affinity = readRecord(value, 'spec.nodeAffinity', errs);
  if (!affinity) return errs;
  if (isAbsent(affinity.required)) return [required('spec.nodeAffinity.required', 'must specify required node constraints')];
  return validateNodeSelector(affinity.required, 'spec.nodeAffinity.required');
}

function validateClaimRef(value: unknown): FieldError[] {
  const errs: FieldError[] = [];
  const ref = readRecord(value, 'spec.claimRef', errs);
  if (!ref) return errs;
  for (const field of ['apiVersion', 'kind', 'namespace', 'name', 'uid', 'resourceVersion', 'fieldPath']) readString(ref[field], child('spec.claimRef', field), errs);
  return errs;
}

export function validatePersistentVolumeSpec(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = readRecord(obj.spec, 'spec', errs) ?? {};
  errs.push(...validateStorageOnly(spec.capacity, 'spec.capacity'));
  errs.push(...validateAccessModes(spec.accessModes, 'spec.accessModes'));
  const policy = spec.persistentVolumeReclaimPolicy;
  if (!(RECLAIM_POLICIES as readonly unknown[]).includes(policy)) errs.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, RECLAIM_POLICIES));
  errs.push(...validateClassName(spec.storageClassName, 'spec.storageClassName'));
  errs.push(...validateClassName(spec.volumeAttributesClassName, 'spec.volumeAttributesClassName'));
  errs.push(...validateVolumeMode(spec.volumeMode, 'spec.volumeMode'));
  errs.push(...validateMountOptions(spec.mountOptions, 'spec.mountOptions'));
  errs.push(...validateClaimRef(spec.claimRef));
  errs.push(...validateNodeAffinity(spec.nodeAffinity));
  errs.push(...validateSource(spec));
  return errs;
}

function sourceOf(spec: JsonRecord): JsonRecord {
  return Object.fromEntries(PV_SOURCES.filter((name) => !isAbsent(spec[name])).map((name) => [name, spec[name]]));
}

/** The volume's source and mode never change; node affinity, once set, neither. */
export function validatePersistentVolumeSpecUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec = specOf(obj);
  const prev = specOf(old);
  const errs: FieldError[] = [];
  if (!semanticEqual(sourceOf(spec), sourceOf(prev))) {
    errs.push(forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
  }
  if (spec.volumeMode !== prev.volumeMode) errs.push(invalidValue('spec.volumeMode', spec.volumeMode, FIELD_IMMUTABLE));
  if (!isAbsent(prev.nodeAffinity) && !semanticEqual(spec.nodeAffinity, prev.nodeAffinity)) {
    errs.push(invalidValue('spec.nodeAffinity', spec.nodeAffinity, FIELD_IMMUTABLE));
  }
  return errs;
}

export function validatePersistentVolumeStatus(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const status = readRecord(obj.status, 'status', errs) ?? {};
  if (!isAbsent(status.phase) && !(PV_PHASES as readonly unknown[]).includes(status.phase)) errs.push(notSupported('status.phase', status.phase, PV_PHASES));
  for (const field of ['message', 'reason']) readString(recordOf(status)[field], child('status', field), errs);
  return errs;
}
