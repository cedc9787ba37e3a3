// The patch `kubectl apply` sends: set what the new manifest says wherever the
// live object differs, and delete what the previous manifest (the
// last-applied configuration) had but the new one dropped. Fields that only
// the server or other writers set were never in a manifest, so they stay.
import { ApiError } from '../errors.js';
import { DELETE_FROM_PRIMITIVE_LIST_PREFIX, PATCH_DIRECTIVE, RETAIN_KEYS_DIRECTIVE, SET_ELEMENT_ORDER_PREFIX } from './directives.js';
import { cloneJson, deepEqual, describeType, getOwn, hasOwn, isPlainObject, isPrimitive, setOwn, type JsonObject } from '../json-value.js';
import { fieldOf, listStrategyOf, type FieldSchema, type PatchSchema } from './patch-schema.js';

/** Where kubectl (and flotctl) keep the manifest last applied: the `original` of the next apply. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * A strategic merge patch that, applied to `current`, gives every field that
 * `modified` names the value `modified` gives it, and removes what `original`
 * had and `modified` dropped. `{}` when nothing needs to change.
 */
export function createThreeWayMergePatch(
  original: Record<string, unknown> | undefined,
  modified: Record<string, unknown>,
  current: Record<string, unknown>,
  schema: PatchSchema,
): Record<string, unknown> {
  if (!isPlainObject(modified)) throw new ApiError('BadRequest', `the applied configuration must be a map, not a ${describeType(modified)}`);
  const base = isPlainObject(original) ? original : undefined;
  const live = isPlainObject(current) ? current : {};
  return diffMaps(base, modified, live, schema, false, '');
}

function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function diffMaps(
  original: JsonObject | undefined,
  modified: JsonObject,
  current: JsonObject,
  schema: PatchSchema | undefined,
  retainKeys: boolean,
  path: string,
): JsonObject {
  const patch: JsonObject = {};
  for (const [key, wanted] of Object.entries(modified)) {
    diffMember(patch, key, original ? getOwn(original, key) : undefined, wanted, current, fieldOf(schema, key), joinPath(path, key));
  }
  if (original) {
    for (const key of Object.keys(original)) {
      // Dropped from the manifest: delete it, if it is still there.
      if (!hasOwn(modified, key) && hasOwn(current, key)) setOwn(patch, key, null);
    }
  }
  if (retainKeys && Object.keys(patch).length > 0) {
    setOwn(patch, RETAIN_KEYS_DIRECTIVE, Object.keys(modified).filter((k) => modified[k] !== null).sort());
  }
  return patch;
}

function diffMember(
  patch: JsonObject,
  key: string,
  before: unknown,
  wanted: unknown,
  current: JsonObject,
  field: FieldSchema | undefined,
  path: string,
): void {
  const live = getOwn(current, key);
  if (wanted === null) {
    // An explicit null in a manifest asks for the field to be absent.
    if (live !== undefined && live !== null) setOwn(patch, key, null);
    return;
  }
  if (live === undefined || live === null) {
    setOwn(patch, key, cloneJson(wanted));
    return;
  }
  if (isPlainObject(wanted) && isPlainObject(live)) {
    const nested = diffMaps(isPlainObject(before) ? before : undefined, wanted, live, field?.schema, field?.retainKeys === true, path);
    if (Object.keys(nested).length > 0) setOwn(patch, key, nested);
    return;
  }
  if (Array.isArray(wanted) && Array.isArray(live)) {
    diffLists(patch, key, Array.isArray(before) ? before : undefined, wanted, live, field, path);
    return;
  }
  if (!deepEqual(wanted, live)) setOwn(patch, key, cloneJson(wanted));
}

function diffLists(
  patch: JsonObject,
  key: string,
  before: readonly unknown[] | undefined,
  wanted: readonly unknown[],
  live: readonly unknown[],
  field: FieldSchema | undefined,
  path: string,
): void {
  const strategy = listStrategyOf(field);
  switch (strategy.kind) {
    case 'replace':
      if (!deepEqual(wanted, live)) setOwn(patch, key, cloneJson(wanted));
      return;
    case 'merge-primitives':
      diffPrimitiveLists(patch, key, before ?? [], wanted, live, path);
      return;
    case 'merge-by-key':
      diffKeyedLists(patch, key, before ?? [], wanted, live, strategy.mergeKey, field, path);
      return;
  }
}

function diffPrimitiveLists(
  patch: JsonObject,
  key: string,
  before: readonly unknown[],
  wanted: readonly unknown[],
  live: readonly unknown[],
  path: string,
): void {
  wanted.forEach((value, i) => {
    if (!isPrimitive(value)) {
      throw new ApiError('BadRequest', `${path}[${i}]: expected a primitive value, not a ${describeType(value)}`);
    }
  });
  const wantedValues = unique(wanted);
  const additions = wantedValues.filter((value) => !live.includes(value));
  const deletions = unique(before).filter((value) => !wantedValues.includes(value) && live.includes(value));
  const liveOrder = unique(live).filter((value) => wantedValues.includes(value));
  const reordered = additions.length === 0 && !deepEqual(liveOrder, wantedValues);
  if (additions.length === 0 && deletions.length === 0 && !reordered) return;
  if (additions.length > 0) setOwn(patch, key, additions);
  if (deletions.length > 0) setOwn(patch, `${DELETE_FROM_PRIMITIVE_LIST_PREFIX}${key}`, deletions);
  setOwn(patch, `${SET_ELEMENT_ORDER_PREFIX}${key}`, wantedValues);
}

function diffKeyedLists(
  patch: JsonObject,
  key: string,
  before: readonly unknown[],
  wanted: readonly unknown[],
  live: readonly unknown[],
  mergeKey: string,
  field: FieldSchema | undefined,
  path: string,
): void {
  const wantedKeys: unknown[] = wanted.map((element, i) => {
    const id = keyOf(element, mergeKey);
    if (id === undefined) {
      throw new ApiError('BadRequest', `${path}[${i}]: a list merged by "${mergeKey}" needs "${mergeKey}" in every element`);
    }
    return id;
  });
  const liveByKey = indexByKey(live, mergeKey);
  const beforeByKey = indexByKey(before, mergeKey);

  const changes: JsonObject[] = [];
  wanted.forEach((element, i) => {
    const id = wantedKeys[i];
    const liveElement = liveByKey.get(id);
    if (!liveElement) {
      changes.push(cloneJson(element as JsonObject));
      return;
    }
    const elementPath = `${path}[${i}]`;
    const nested = diffMaps(beforeByKey.get(id), element as JsonObject, liveElement, field?.schema, field?.retainKeys === true, elementPath);
    if (Object.keys(nested).length > 0) {
      const change: JsonObject = {};
      setOwn(change, mergeKey, id);
      for (const [k, v] of Object.entries(nested)) setOwn(change, k, v);
      changes.push(change);
    }
  });

  const deletions: JsonObject[] = [];
  for (const id of beforeByKey.keys()) {
    if (!wantedKeys.includes(id) && liveByKey.has(id)) {
      const deletion: JsonObject = {};
      setOwn(deletion, mergeKey, id);
      setOwn(deletion, PATCH_DIRECTIVE, 'delete');
      deletions.push(deletion);
    }
  }

  const wantedOrder = unique(wantedKeys);
  const liveOrder = unique(live.map((element) => keyOf(element, mergeKey))).filter((id) => wantedOrder.includes(id));
  const reordered = !deepEqual(liveOrder, wantedOrder);
  if (changes.length === 0 && deletions.length === 0 && !reordered) return;
  if (changes.length + deletions.length > 0) setOwn(patch, key, [...changes, ...deletions]);
  setOwn(
    patch,
    `${SET_ELEMENT_ORDER_PREFIX}${key}`,
    wantedOrder.map((id) => {
      const entry: JsonObject = {};
      setOwn(entry, mergeKey, id);
      return entry;
    }),
  );
}

/** The merge key of a map element, when it has a primitive one. */
function keyOf(element: unknown, mergeKey: string): unknown {
  if (!isPlainObject(element) || !hasOwn(element, mergeKey)) return undefined;
  const id = element[mergeKey];
  return isPrimitive(id) && id !== null ? id : undefined;
}

/** Elements by merge key; the first of duplicates wins, as the merge finds the first. */
function indexByKey(list: readonly unknown[], mergeKey: string): Map<unknown, JsonObject> {
  const index = new Map<unknown, JsonObject>();
  for (const element of list) {
    const id = keyOf(element, mergeKey);
    if (id !== undefined && isPlainObject(element) && !index.has(id)) index.set(id, element);
  }
  return index;
}

function unique(values: readonly unknown[]): unknown[] {
  return [...new Set(values)];
}
