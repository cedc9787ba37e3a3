// JSON merge patch (RFC 7386): maps merge recursively, null removes a member,
// anything else (lists included) replaces. This is `kubectl patch --type merge`
// and the patch format for kinds without strategic-merge metadata.
import { ApiError } from '../errors.js';
import { cloneJson, deepEqual, getOwn, hasOwn, isPlainObject, setOwn, type JsonObject } from '../json-value.js';

/**
 * Applies `patch` to `target` as RFC 7386 defines. Neither input is changed
 * and the result shares no structure with them.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  return mergeInto(cloneJson(target), patch);
}

/** Merges into `target`, which the caller owns; `patch` is only read. */
function mergeInto(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return cloneJson(patch);
  const result: JsonObject = isPlainObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      setOwn(result, key, mergeInto(getOwn(result, key), value));
    }
  }
  return result;
}

/**
 * The smallest merge patch that turns `original` into `modified`: changed and
 * added members, null for removed ones, `{}` when they are equal. Lists are
 * compared whole, since a merge patch can only replace them.
 */
export function createMergePatch(original: unknown, modified: unknown): JsonObject {
  if (!isPlainObject(modified)) {
    throw new ApiError('BadRequest', 'a JSON merge patch can only be computed between two JSON objects');
  }
  return diffObjects(isPlainObject(original) ? original : {}, modified);
}

function diffObjects(original: JsonObject, modified: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const [key, value] of Object.entries(modified)) {
    const present = hasOwn(original, key);
    const before = getOwn(original, key);
    if (value === null) {
      // A merge patch cannot store an explicit null: the nearest it can say is "absent".
      if (present && before !== null) setOwn(patch, key, null);
      continue;
    }
    if (!present || before === null) {
      setOwn(patch, key, cloneJson(value));
    } else if (isPlainObject(value) && isPlainObject(before)) {
      const nested = diffObjects(before, value);
      if (Object.keys(nested).length > 0) setOwn(patch, key, nested);
    } else if (!deepEqual(before, value)) {
      setOwn(patch, key, cloneJson(value));
    }
  }
  for (const key of Object.keys(original)) {
    if (!hasOwn(modified, key)) setOwn(patch, key, null);
  }
  return patch;
}
