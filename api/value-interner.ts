// One copy of each small value that many cached objects repeat. JSON.parse
// gives every decoded object its own copy of each string value, so a cache of
// 10,000 pods holds 10,000 copies of "ClusterFirst", "/dev/termination-log",
// "node.kubernetes.io/not-ready", the scheduler's name, the namespace, the
// owner's name and uid...: about a fifth of an apiserver's live heap at that
// size. It also holds an empty object for every leaf of every
// managedFields[].fieldsV1 tree (`"f:image":{}`), about 24 per pod: another
// fifth. Interning them while an object enters a cache (it is walked once
// anyway to freeze it) keeps one copy of each string and one empty object.

/** Longer values (annotations, certificates, JSON in strings) are rarely shared; they are left alone. */
export const MAX_INTERNED_LENGTH = 64;
/**
 * Distinct strings remembered at once. Unique values (names, uids) pass
 * through the table too; when it is full it starts over, so it stays small
 * and a value repeated across objects is back in it after its next use.
 */
export const INTERNER_CAPACITY = 8_192;

/** The one empty object every interned value shares; frozen, as everything a cache holds. */
export const EMPTY_OBJECT: Readonly<Record<string, never>> = Object.freeze({});

function isEmptyPlainObject(value: object): boolean {
  if (Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const _key in value) return false;
  return true;
}

export class ValueInterner {
  private readonly table = new Map<string, string>();

  constructor(
    private readonly capacity = INTERNER_CAPACITY,
    private readonly maxLength = MAX_INTERNED_LENGTH,
  ) {}

  get size(): number {
    return this.table.size;
  }

  /** The copy of `value` this interner hands out. */
  intern(value: string): string {
    if (value.length > this.maxLength) return value;
    const known = this.table.get(value);
    if (known !== undefined) return known;
    if (this.table.size >= this.capacity) this.table.clear();
    this.table.set(value, value);
    return value;
  }

  /**
   * Replaces, in place, every string and every empty object inside a JSON
   * value that nothing else holds yet (freshly decoded, not frozen), and
   * returns it. The caller freezes it: the empty object is shared.
   */
  internValues<T>(value: T): T {
    if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.internValue(value[i]);
      return value;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = this.internValue(record[key]);
    return value;
  }

  private internValue(value: unknown): unknown {
    if (typeof value === 'string') return this.intern(value);
    if (value !== null && typeof value === 'object' && isEmptyPlainObject(value)) return EMPTY_OBJECT;
    return this.internValues(value);
  }
}
