// downwardAPI and projected volumes, as Kubernetes validates them: downward
// files name exactly one of fieldRef (a metadata path) or resourceFieldRef;
// each projection holds exactly one source; no two files of a projected
// volume share a path; a serviceAccountToken lives 10 minutes to 2^32 seconds.
import type { FieldError } from '../errors.js';
import { validateFieldRef, validateResourceFieldRef, VOLUME_FIELD_PATHS } from './env.js';
import { child, forbidden, index, invalidValue, required } from './field-errors.js';
import { validateFileMode, validateKeyToPaths, validateLocalNonReservedPath, validateMode } from './volume-paths.js';
import { readArray, readEntry, readInt, readRecord, readString, type JsonRecord } from './values.js';

/** The sources one entry of `projected.sources` may hold (exactly one of them). */
export const PROJECTION_SOURCES = ['secret', 'downwardAPI', 'configMap', 'serviceAccountToken', 'clusterTrustBundle'] as const;
/** Kubernetes' bounds on a projected token's lifetime. */
export const MIN_TOKEN_EXPIRATION_SECONDS = 10 * 60;
export const MAX_TOKEN_EXPIRATION_SECONDS = 2 ** 32;

/** A file path and the field that named it, to find duplicates across sources. */
interface NamedPath {
  path: string;
  field: string;
}

function downwardApiItems(source: JsonRecord, field: string, errs: FieldError[]): NamedPath[] {
  const itemsPath = child(field, 'items');
  const paths: NamedPath[] = [];
  readArray(source.items, itemsPath, errs).forEach((raw, i) => {
    const itemPath = index(itemsPath, i);
    const item = readEntry(raw, itemPath, errs);
    if (!item) return;
    const path = readString(item.path, child(itemPath, 'path'), errs);
    if (!path) errs.push(required(child(itemPath, 'path')));
    else {
      errs.push(...validateLocalNonReservedPath(path, child(itemPath, 'path')));
      paths.push({ path, field: child(itemPath, 'path') });
    }
    validateFileMode(item.mode, child(itemPath, 'mode'), errs);
    const fieldRef = readRecord(item.fieldRef, child(itemPath, 'fieldRef'), errs);
    const resourceFieldRef = readRecord(item.resourceFieldRef, child(itemPath, 'resourceFieldRef'), errs);
    if (fieldRef && resourceFieldRef) errs.push(invalidValue(itemPath, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
    else if (fieldRef) errs.push(...validateFieldRef(fieldRef, child(itemPath, 'fieldRef'), VOLUME_FIELD_PATHS));
    else if (resourceFieldRef) errs.push(...validateResourceFieldRef(resourceFieldRef, child(itemPath, 'resourceFieldRef')));
    else errs.push(required(itemPath, 'one of fieldRef and resourceFieldRef is required'));
  });
  return paths;
}

function keyToPathItems(source: JsonRecord, field: string, errs: FieldError[]): NamedPath[] {
  if (!readString(source.name, child(field, 'name'), errs)) errs.push(required(child(field, 'name')));
  return validateKeyToPaths(source, field, errs).map((path, i) => ({ path, field: child(index(child(field, 'items'), i), 'path') }));
}

function tokenProjection(source: JsonRecord, field: string, errs: FieldError[]): NamedPath[] {
  const expiration = readInt(source.expirationSeconds, child(field, 'expirationSeconds'), errs);
  if (expiration !== undefined && expiration < MIN_TOKEN_EXPIRATION_SECONDS) {
    errs.push(invalidValue(child(field, 'expirationSeconds'), expiration, 'may not specify a duration less than 10 minutes'));
  }
  if (expiration !== undefined && expiration > MAX_TOKEN_EXPIRATION_SECONDS) {
    errs.push(invalidValue(child(field, 'expirationSeconds'), expiration, 'may not specify a duration larger than 2^32 seconds'));
  }
  readString(source.audience, child(field, 'audience'), errs);
  const path = readString(source.path, child(field, 'path'), errs);
  if (!path) {
    errs.push(required(child(field, 'path')));
    return [];
  }
  errs.push(...validateLocalNonReservedPath(path, child(field, 'path')));
  return [{ path, field: child(field, 'path') }];
}

function projectionPaths(type: string, source: JsonRecord, field: string, errs: FieldError[]): NamedPath[] {
  switch (type) {
    case 'secret':
    case 'configMap':
      return keyToPathItems(source, field, errs);
    case 'downwardAPI':
      return downwardApiItems(source, field, errs);
    case 'serviceAccountToken':
      return tokenProjection(source, field, errs);
    default: {
      const path = readString(source.path, child(field, 'path'), errs);
      if (!path) errs.push(required(child(field, 'path')));
      return path ? [{ path, field: child(field, 'path') }] : [];
    }
  }
}

function projectedSources(source: JsonRecord, field: string, errs: FieldError[]): void {
  const sourcesPath = child(field, 'sources');
  const seen = new Set<string>();
  readArray(source.sources, sourcesPath, errs).forEach((raw, i) => {
    const sourcePath = index(sourcesPath, i);
    const projection = readEntry(raw, sourcePath, errs);
    if (!projection) return;
    const present = PROJECTION_SOURCES.filter((type) => projection[type] !== undefined && projection[type] !== null);
    if (present.length === 0) errs.push(required(sourcePath, 'must specify exactly 1 volume type'));
    present.forEach((type, n) => {
      const typePath = child(sourcePath, type);
      if (n > 0) {
        errs.push(forbidden(typePath, 'may not specify more than 1 volume type per source'));
        return;
      }
      const body = readRecord(projection[type], typePath, errs);
      if (!body) return;
      for (const named of projectionPaths(type, body, typePath, errs)) {
        if (seen.has(named.path)) errs.push(invalidValue(named.field, named.path, 'conflicting duplicate paths'));
        seen.add(named.path);
      }
    });
  });
}

/** The errors of a downwardAPI or projected volume source at `field`. */
export function validateApiDataSource(type: 'downwardAPI' | 'projected', source: JsonRecord, field: string): FieldError[] {
  const errs: FieldError[] = [];
  validateMode(source, field, errs);
  if (type === 'downwardAPI') downwardApiItems(source, field, errs);
  else projectedSources(source, field, errs);
  return errs;
}
