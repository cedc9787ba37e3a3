// Pod volumes: unique DNS-label names, exactly one source, and the sources
// Flotilla runs (hostPath, emptyDir) plus light checks on the common others.
import type { FieldError } from '../errors.js';
import { compareQuantities, isValidQuantity } from '../quantity.js';
import { child, duplicate, forbidden, index, invalidValue, notSupported, required } from './field-errors.js';
import { dns1123LabelErrors } from './names.js';
import { validateApiDataSource } from './api-data-volume-sources.js';
import { validateKeyToPaths, validateMode, validatePathNoBacksteps } from './volume-paths.js';
import { readArray, readEntry, readRecord, readString, type JsonRecord } from './values.js';

export { validateLocalDescendingPath, validatePathNoBacksteps } from './volume-paths.js';

/** Every volume source Kubernetes' v1 VolumeSource has, in its validation order. */
export const VOLUME_SOURCES = [
  'emptyDir',
  'hostPath',
  'gitRepo',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'flocker',
  'persistentVolumeClaim',
  'rbd',
  'cinder',
  'cephfs',
  'quobyte',
  'downwardAPI',
  'fc',
  'flexVolume',
  'configMap',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'storageos',
  'projected',
  'scaleIO',
  'csi',
  'ephemeral',
  'image',
] as const;

export const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
export const EMPTY_DIR_MEDIA = ['', 'Memory'];

function validateSource(type: string, source: JsonRecord, field: string): FieldError[] {
  const errs: FieldError[] = [];
  switch (type) {
    case 'hostPath': {
      const path = readString(source.path, child(field, 'path'), errs);
      if (!path) return [...errs, required(child(field, 'path'))];
      errs.push(...validatePathNoBacksteps(path, child(field, 'path')));
      const hostPathType = source.type;
      if (hostPathType !== undefined && hostPathType !== null && !HOST_PATH_TYPES.includes(String(hostPathType))) {
        errs.push(notSupported(child(field, 'type'), hostPathType, HOST_PATH_TYPES));
      }
      break;
    }
    case 'emptyDir': {
      const medium = readString(source.medium, child(field, 'medium'), errs);
      if (!EMPTY_DIR_MEDIA.includes(medium)) errs.push(notSupported(child(field, 'medium'), medium, EMPTY_DIR_MEDIA));
      const size = source.sizeLimit;
      if (size !== undefined && size !== null) {
        const text = String(size);
        if (!isValidQuantity(text) || compareQuantities(text, 0) < 0) {
          errs.push(forbidden(child(field, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
        }
      }
      break;
    }
    case 'configMap':
      if (!readString(source.name, child(field, 'name'), errs)) errs.push(required(child(field, 'name')));
      validateMode(source, field, errs);
      validateKeyToPaths(source, field, errs);
      break;
    case 'secret':
      if (!readString(source.secretName, child(field, 'secretName'), errs)) errs.push(required(child(field, 'secretName')));
      validateMode(source, field, errs);
      validateKeyToPaths(source, field, errs);
      break;
    case 'downwardAPI':
    case 'projected':
      errs.push(...validateApiDataSource(type, source, field));
      break;
    case 'persistentVolumeClaim':
      if (!readString(source.claimName, child(field, 'claimName'), errs)) errs.push(required(child(field, 'claimName')));
      break;
    default:
      break;
  }
  return errs;
}

export interface VolumesResult {
  /** Names of the volumes that validated, for volumeMounts to refer to. */
  names: Set<string>;
  errors: FieldError[];
}

export function validateVolumes(volumes: unknown, field: string): VolumesResult {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  readArray(volumes, field, errors).forEach((raw, i) => {
    const volPath = index(field, i);
    const vol = readEntry(raw, volPath, errors);
    if (!vol) return;
    const volErrors: FieldError[] = [];
    let sources = 0;
    for (const type of VOLUME_SOURCES) {
      if (vol[type] === undefined || vol[type] === null) continue;
      const sourcePath = child(volPath, type);
      if (sources > 0) {
        volErrors.push(forbidden(sourcePath, 'may not specify more than 1 volume type'));
        continue;
      }
      sources += 1;
      const source = readRecord(vol[type], sourcePath, volErrors);
      if (source) volErrors.push(...validateSource(type, source, sourcePath));
    }
    if (sources === 0) volErrors.push(required(volPath, 'must specify a volume type'));
    const namePath = child(volPath, 'name');
    const name = readString(vol.name, namePath, volErrors);
    if (!name) volErrors.push(required(namePath));
    else volErrors.push(...dns1123LabelErrors(name).map((msg) => invalidValue(namePath, name, msg)));
    if (names.has(name)) volErrors.push(duplicate(namePath, name));
    if (volErrors.length === 0) names.add(name);
    else errors.push(...volErrors);
  });
  return { names, errors };
}
