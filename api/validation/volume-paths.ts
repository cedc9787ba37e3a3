// Paths and modes of files a volume projects: relative paths that stay inside
// the volume and cannot shadow its `..data` machinery, and octal file modes.
import type { FieldError } from '../errors.js';
import { child, index, invalidValue, required } from './field-errors.js';
import { readArray, readEntry, readInt, readString, type JsonRecord } from './values.js';

const MAX_FILE_MODE = 0o777;
const FILE_MODE_MESSAGE = 'must be a number between 0 and 0777 (octal), both inclusive';

/** Kubernetes' validatePathNoBacksteps. */
export function validatePathNoBacksteps(path: string, field: string): FieldError[] {
  return path.split('/').includes('..') ? [invalidValue(field, path, "must not contain '..'")] : [];
}

/** Kubernetes' validateLocalDescendingPath: relative and without `..`. */
export function validateLocalDescendingPath(path: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (path.startsWith('/')) errs.push(invalidValue(field, path, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(path, field));
  return errs;
}

export function validateFileMode(value: unknown, field: string, errs: FieldError[]): void {
  const mode = readInt(value, field, errs);
  if (mode !== undefined && (mode < 0 || mode > MAX_FILE_MODE)) errs.push(invalidValue(field, mode, FILE_MODE_MESSAGE));
}

export function validateMode(source: JsonRecord, field: string, errs: FieldError[]): void {
  validateFileMode(source.defaultMode, child(field, 'defaultMode'), errs);
}

/** Kubernetes' validateLocalNonReservedPath: a relative path that cannot shadow the `..data` machinery. */
export function validateLocalNonReservedPath(path: string, field: string): FieldError[] {
  const errs = validateLocalDescendingPath(path, field);
  if (path.startsWith('..')) errs.push(invalidValue(field, path, "must not start with '..'"));
  return errs;
}

/** configMap and secret `items`: a key, a safe relative path, an optional mode; answers the paths. */
export function validateKeyToPaths(source: JsonRecord, field: string, errs: FieldError[]): string[] {
  const itemsPath = child(field, 'items');
  const paths: string[] = [];
  readArray(source.items, itemsPath, errs).forEach((raw, i) => {
    const itemPath = index(itemsPath, i);
    const item = readEntry(raw, itemPath, errs);
    if (!item) return;
    if (!readString(item.key, child(itemPath, 'key'), errs)) errs.push(required(child(itemPath, 'key')));
    const path = readString(item.path, child(itemPath, 'path'), errs);
    if (!path) errs.push(required(child(itemPath, 'path')));
    else {
      errs.push(...validateLocalNonReservedPath(path, child(itemPath, 'path')));
      paths.push(path);
    }
    validateFileMode(item.mode, child(itemPath, 'mode'), errs);
  });
  return paths;
}
