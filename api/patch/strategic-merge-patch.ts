// Strategic merge patch, as the Kubernetes apiserver applies it: maps merge
// recursively and null deletes, lists merge or replace as the kind's patch
// schema says, and `$`-directives steer the merge. The merge works on a
// private copy of the original; the patch is only read.
import { ApiError } from '../errors.js';
import {
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  PATCH_DIRECTIVE,
  PATCH_DIRECTIVE_VALUES,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  isDirectiveKey,
  type PatchDirectiveValue,
} from './directives.js';
import { isSubsequence, orderMergedList } from './element-order.js';
import { cloneJson, deepEqual, describeType, getOwn, hasOwn, isPlainObject, isPrimitive, setOwn, type JsonObject } from '../json-value.js';
import { fieldOf, listStrategyOf, type FieldSchema, type PatchSchema } from './patch-schema.js';

/** What a map with `$patch: delete` merges to: its parent drops it. */
const DELETED = Symbol('deleted');
type MergedMap = JsonObject | typeof DELETED;

/** A map's directives, split from its ordinary members. */
interface MapDirectives {
  patch?: PatchDirectiveValue;
  retainKeys?: string[];
  /** `$setElementOrder/<field>` by field name. */
  orders: Map<string, unknown[]>;
  /** `$deleteFromPrimitiveList/<field>` by field name. */
  deletions: Map<string, unknown[]>;
  members: [string, unknown][];
}

export function applyStrategicMergePatch(
  original: Record<string, unknown>,
  patch: Record<string, unknown>,
  schema: PatchSchema,
): Record<string, unknown> {
  if (!isPlainObject(patch)) throw invalidPatch('', `a strategic merge patch must be a map, not a ${describeType(patch)}`);
  const target = isPlainObject(original) ? cloneJson(original) : {};
  const merged = mergeMap(target, patch, schema, '');
  return merged === DELETED ? {} : merged;
}

function invalidPatch(path: string, problem: string): ApiError {
  const where = path ? ` at ${path}` : '';
  return new ApiError('BadRequest', `invalid strategic merge patch${where}: ${problem}`);
}

function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Merges `patch` into `target`, which the caller owns; undefined merges into a new map. */
function mergeMap(target: JsonObject | undefined, patch: JsonObject, schema: PatchSchema | undefined, path: string): MergedMap {
  const directives = splitDirectives(patch, path);
  if (directives.patch === 'delete') return DELETED;
  const result: JsonObject = directives.patch === 'replace' || !target ? {} : target;
  if (directives.retainKeys) applyRetainKeys(result, directives.retainKeys, directives.members, path);

  for (const [key, value] of directives.members) {
    mergeMember(result, key, value, fieldOf(schema, key), directives.orders.get(key), joinPath(path, key));
  }
  for (const [key, order] of directives.orders) {
    if (!hasOwn(patch, key)) reorderMember(result, key, order, fieldOf(schema, key), joinPath(path, key));
  }
  for (const [key, values] of directives.deletions) {
    deleteFromMember(result, key, values, joinPath(path, key));
  }
  return result;
}

function splitDirectives(patch: JsonObject, path: string): MapDirectives {
  const directives: MapDirectives = { orders: new Map(), deletions: new Map(), members: [] };
  for (const [key, value] of Object.entries(patch)) {
    if (!isDirectiveKey(key)) {
      directives.members.push([key, value]);
    } else if (key === PATCH_DIRECTIVE) {
      directives.patch = readPatchDirective(value, path);
    } else if (key === RETAIN_KEYS_DIRECTIVE) {
      if (!Array.isArray(value) || !value.every((k): k is string => typeof k === 'string')) {
        throw invalidPatch(path, `${RETAIN_KEYS_DIRECTIVE} must be a list of field names`);
      }
      directives.retainKeys = value;
    } else if (key.startsWith(SET_ELEMENT_ORDER_PREFIX)) {
      directives.orders.set(listDirectiveField(key, SET_ELEMENT_ORDER_PREFIX, value, path), value as unknown[]);
    } else if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      const field = listDirectiveField(key, DELETE_FROM_PRIMITIVE_LIST_PREFIX, value, path);
      if (!(value as unknown[]).every(isPrimitive)) {
        throw invalidPatch(joinPath(path, field), `${key} must list primitive values`);
      }
      directives.deletions.set(field, value as unknown[]);
    } else {
      throw invalidPatch(path, `unknown directive "${key}"`);
    }
  }
  return directives;
}

function listDirectiveField(key: string, prefix: string, value: unknown, path: string): string {
  const field = key.slice(prefix.length);
  if (field === '') throw invalidPatch(path, `"${key}" does not name a field`);
  if (!Array.isArray(value)) throw invalidPatch(joinPath(path, field), `${key} must be a list, not a ${describeType(value)}`);
  return field;
}

function readPatchDirective(value: unknown, path: string): PatchDirectiveValue {
  if (typeof value === 'string' && (PATCH_DIRECTIVE_VALUES as readonly string[]).includes(value)) {
    return value as PatchDirectiveValue;
  }
  throw invalidPatch(path, `unknown ${PATCH_DIRECTIVE} value ${JSON.stringify(value)}; expected one of ${PATCH_DIRECTIVE_VALUES.join(', ')}`);
}

function applyRetainKeys(result: JsonObject, retainKeys: readonly string[], members: readonly [string, unknown][], path: string): void {
  for (const [key, value] of members) {
    if (value !== null && !retainKeys.includes(key)) {
      throw invalidPatch(path, `${RETAIN_KEYS_DIRECTIVE} does not list "${key}", which the patch sets`);
    }
  }
  for (const key of Object.keys(result)) {
    if (!retainKeys.includes(key)) delete result[key];
  }
}

function mergeMember(
  result: JsonObject,
  key: string,
  value: unknown,
  field: FieldSchema | undefined,
  order: unknown[] | undefined,
  path: string,
): void {
  if (value === null) {
    delete result[key];
    return;
  }
  const current = getOwn(result, key);
  let merged: unknown;
  if (isPlainObject(value)) {
    merged = mergeMap(isPlainObject(current) ? current : undefined, value, field?.schema, path);
  } else if (Array.isArray(value)) {
    merged = mergeList(Array.isArray(current) ? current : [], value, field, order, path);
  } else {
    merged = value;
  }
  if (merged === DELETED) delete result[key];
  else setOwn(result, key, merged);
}

/** `$setElementOrder/<key>` without a `<key>` list in the patch: only the order changes. */
function reorderMember(result: JsonObject, key: string, order: unknown[], field: FieldSchema | undefined, path: string): void {
  const current = getOwn(result, key);
  if (current === undefined) return;
  if (!Array.isArray(current)) {
    throw invalidPatch(path, `${SET_ELEMENT_ORDER_PREFIX}${key} orders a list, but the field is a ${describeType(current)}`);
  }
  setOwn(result, key, mergeList(current, [], field, order, path));
}

function deleteFromMember(result: JsonObject, key: string, values: readonly unknown[], path: string): void {
  const current = getOwn(result, key);
  if (current === undefined) return;
  if (!Array.isArray(current)) {
    throw invalidPatch(path, `${DELETE_FROM_PRIMITIVE_LIST_PREFIX}${key} deletes from a list, but the field is a ${describeType(current)}`);
  }
  setOwn(result, key, current.filter((item) => !values.some((v) => v === item)));
}

/** Merges a patch list into `current`, which the caller owns. */
function mergeList(current: unknown[], patch: readonly unknown[], field: FieldSchema | undefined, order: unknown[] | undefined, path: string): unknown[] {
  const strategy = listStrategyOf(field);
  switch (strategy.kind) {
    case 'replace':
      return replaceList(patch, field, path);
    case 'merge-primitives':
      return mergePrimitiveList(current, patch, order, path);
    case 'merge-by-key':
      return mergeKeyedList(current, patch, strategy.mergeKey, field?.schema, order, path);
  }
}

/** An element that only carries `$patch`: a marker for the whole list, not a value. */
function listMarker(element: unknown, path: string): PatchDirectiveValue | undefined {
  if (!isPlainObject(element) || !hasOwn(element, PATCH_DIRECTIVE) || Object.keys(element).length !== 1) return undefined;
  return readPatchDirective(element[PATCH_DIRECTIVE], path);
}

/** A value taken whole from the patch, with its directives applied and its nulls dropped. */
function freshValue(value: unknown, schema: PatchSchema | undefined, path: string): unknown {
  if (isPlainObject(value)) return mergeMap(undefined, value, schema, path);
  if (Array.isArray(value)) return replaceList(value, undefined, path);
  return value;
}

/** The default for lists: the patch's list is the new value. */
function replaceList(patch: readonly unknown[], field: FieldSchema | undefined, path: string): unknown[] {
  const out: unknown[] = [];
  patch.forEach((element, i) => {
    const elementPath = `${path}[${i}]`;
    const marker = listMarker(element, elementPath);
    if (marker === 'delete') {
      throw invalidPatch(elementPath, `${PATCH_DIRECTIVE}: delete needs a list that is merged by key`);
    }
    if (marker !== undefined) return;
    const value = freshValue(element, field?.schema, elementPath);
    if (value !== DELETED) out.push(value);
  });
  return out;
}

/** Lists of primitives with the merge strategy: a set union in a stable order. */
function mergePrimitiveList(current: unknown[], patch: readonly unknown[], order: unknown[] | undefined, path: string): unknown[] {
  let replace = false;
  const values: unknown[] = [];
  patch.forEach((element, i) => {
    const elementPath = `${path}[${i}]`;
    const marker = listMarker(element, elementPath);
    if (marker === 'replace') replace = true;
    else if (marker === 'delete') throw invalidPatch(elementPath, `${PATCH_DIRECTIVE}: delete needs a list that is merged by key`);
    else if (marker === undefined) {
      if (!isPrimitive(element)) throw invalidPatch(elementPath, `expected a primitive value, not a ${describeType(element)}`);
      values.push(element);
    }
  });
  if (order && !order.every(isPrimitive)) throw invalidPatch(path, `${SET_ELEMENT_ORDER_PREFIX} must list primitive values`);
  const live = replace ? [] : current;
  const merged = dedupe([...live, ...values]);
  const wanted = order ?? values;
  if (order && !isSubsequence(dedupe(values), order)) {
    throw invalidPatch(path, `the list's order does not match its ${SET_ELEMENT_ORDER_PREFIX} list`);
  }
  return orderMergedList(merged, wanted, live, (element) => (isPrimitive(element) ? element : undefined));
}

function dedupe(values: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const value of values) if (!out.some((seen) => deepEqual(seen, value))) out.push(value);
  return out;
}

/** Lists of maps with the merge strategy: elements merge by their merge key. */
function mergeKeyedList(
  current: unknown[],
  patch: readonly unknown[],
  mergeKey: string,
  schema: PatchSchema | undefined,
  order: unknown[] | undefined,
  path: string,
): unknown[] {
  let replace = false;
  const deletions: unknown[] = [];
  const elements: { element: JsonObject; path: string }[] = [];
  patch.forEach((element, i) => {
    const elementPath = `${path}[${i}]`;
    if (!isPlainObject(element)) {
      throw invalidPatch(elementPath, `expected a map in a list merged by "${mergeKey}", not a ${describeType(element)}`);
    }
    if (!hasOwn(element, PATCH_DIRECTIVE)) {
      elements.push({ element, path: elementPath });
      return;
    }
    const directive = readPatchDirective(element[PATCH_DIRECTIVE], elementPath);
    if (directive === 'delete') {
      if (!hasOwn(element, mergeKey)) throw invalidPatch(elementPath, `${PATCH_DIRECTIVE}: delete needs the merge key "${mergeKey}"`);
      deletions.push(element[mergeKey]);
      return;
    }
    if (directive === 'replace') replace = true;
    // Anything beside the directive is an element of the (new) list.
    const rest = { ...element };
    delete rest[PATCH_DIRECTIVE];
    if (Object.keys(rest).length > 0) elements.push({ element: rest, path: elementPath });
  });

  const identity = (element: unknown): unknown => keyOf(element, mergeKey);
  const live = replace ? [] : current.filter((item) => !deletions.some((key) => sameKey(identity(item), key)));
  const merged = [...live];
  for (const { element, path: elementPath } of elements) {
    if (!hasOwn(element, mergeKey)) throw invalidPatch(elementPath, `element has no merge key "${mergeKey}"`);
    const key = element[mergeKey];
    const index = merged.findIndex((item) => sameKey(identity(item), key));
    const value = mergeMap(index >= 0 && isPlainObject(merged[index]) ? merged[index] : undefined, element, schema, elementPath);
    if (value === DELETED) continue;
    if (index >= 0) merged[index] = value;
    else merged.push(value);
  }

  const patchKeys = elements.map(({ element }) => element[mergeKey]);
  const wanted = order ? orderKeys(order, mergeKey, path) : patchKeys;
  if (order && !isSubsequence(dedupe(patchKeys), dedupe(wanted))) {
    throw invalidPatch(path, `the list's order does not match its ${SET_ELEMENT_ORDER_PREFIX} list`);
  }
  return orderMergedList(merged, wanted, live, identity);
}

function orderKeys(order: readonly unknown[], mergeKey: string, path: string): unknown[] {
  return order.map((entry) => {
    if (!isPlainObject(entry) || !hasOwn(entry, mergeKey)) {
      throw invalidPatch(path, `${SET_ELEMENT_ORDER_PREFIX} entries must be maps with the merge key "${mergeKey}"`);
    }
    return entry[mergeKey];
  });
}

function keyOf(element: unknown, mergeKey: string): unknown {
  if (!isPlainObject(element) || !hasOwn(element, mergeKey)) return undefined;
  const key = element[mergeKey];
  return isPrimitive(key) ? key : undefined;
}

function sameKey(a: unknown, b: unknown): boolean {
  return a !== undefined && a === b;
}
