// Small helpers over parsed JSON, shared by the patch formats and the
// apiserver's change detection. Patches come from users, so member access goes
// through own-property helpers: a key such as "__proto__" must be an ordinary
// member, never the object's prototype.

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A JSON scalar: string, number, boolean or null. */
export function isPrimitive(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

export function hasOwn(obj: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

export function getOwn(obj: JsonObject, key: string): unknown {
  return hasOwn(obj, key) ? obj[key] : undefined;
}

export function setOwn(obj: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Structural equality of JSON values, ignoring member order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  return equalValues(a, b, false);
}

/**
 * Equality once serialized: a member set to undefined does not exist in JSON,
 * so it counts as absent. For objects built in code (defaults, merges) before
 * they are stored.
 */
export function serializedEqual(a: unknown, b: unknown): boolean {
  return equalValues(a, b, true);
}

function equalValues(a: unknown, b: unknown, skipUndefined: boolean): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => equalValues(item, b[i], skipUndefined));
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const keys = memberKeys(a, skipUndefined);
    if (keys.length !== memberKeys(b, skipUndefined).length) return false;
    return keys.every((k) => hasOwn(b, k) && equalValues(a[k], b[k], skipUndefined));
  }
  return false;
}

function memberKeys(obj: JsonObject, skipUndefined: boolean): string[] {
  return skipUndefined ? Object.keys(obj).filter((k) => obj[k] !== undefined) : Object.keys(obj);
}

/** A deep copy of a JSON value; undefined stays undefined. */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (isPlainObject(value)) return 'map';
  return typeof value;
}
