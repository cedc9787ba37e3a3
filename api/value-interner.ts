// One copy of each small value that many cached objects repeat. JSON.parse
// gives every decoded object its own copy of each string value, so a cache of
// 10,000 pods holds 10,000 copies of "ClusterFirst", "/dev/termination-log",
// "node.kubernetes.io/not-ready", the scheduler's name, the namespace, the
// owner's name and uid...: about a fifth of an apiserver's live heap at that
// size. The same holds one level up: the pods of one ReplicaSet repeat the
// same containers, tolerations, owner references, labels and managedFields
// trees, and pods bound in the same second the same status. So every small
// subtree is kept once too, found by a hash the walk builds from its
// children's on the way up (the value is walked once anyway to freeze it) and
// checked member by member: the children are already the shared copies, so
// identity is enough. Sharing is safe because cached values are deep-frozen,
// and the top-level object itself is never replaced, only what it holds.

/** Longer values (annotations, certificates, JSON in strings) are rarely shared; they are left alone. */
export const MAX_INTERNED_LENGTH = 64;
/**
 * Distinct strings remembered at once. Unique values (names, uids) pass
 * through the table too; when it is full it starts over, so it stays small
 * and a value repeated across objects is back in it after its next use.
 */
export const INTERNER_CAPACITY = 8_192;
/**
 * Subtrees of more values than this (counting every object, array and leaf
 * in them) are not shared as a whole, only their parts: the bigger a subtree,
 * the less likely another object repeats it exactly. A pod's container or its
 * tolerations are well under it; its whole metadata is over.
 */
export const MAX_SHARED_SUBTREE_VALUES = 64;
/**
 * Subtrees remembered at once; when full, the table starts over, as the
 * string table does. Unique subtrees pass through it too; a repeated one is
 * back in it after its next use.
 */
export const SUBTREE_CAPACITY = 16_384;

/** The one empty object every interned value shares; frozen, as everything a cache holds. */
export const EMPTY_OBJECT: Readonly<Record<string, never>> = Object.freeze({});

/** Assigning this key would set the prototype instead of the property. */
const PROTO_KEY = '__proto__';

/** Set on lastValues for a value that is not to be shared (too big, not JSON, or holding such a value). */
const UNSHAREABLE = Number.POSITIVE_INFINITY;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Seeds that keep values of different types and shapes apart: "1", 1 and [1] hash differently. */
const enum Seed {
  String = 1,
  Number = 2,
  True = 3,
  False = 4,
  Null = 5,
  Array = 6,
  Object = 7,
}

function mix(hash: number, value: number): number {
  return Math.imul(hash ^ value, FNV_PRIME);
}

function hashString(seed: number, text: string): number {
  let hash = mix(FNV_OFFSET, seed);
  for (let i = 0; i < text.length; i++) hash = mix(hash, text.charCodeAt(i));
  return hash;
}

/** True when two plain arrays or objects hold the same items or fields, in the same order, compared by identity. */
function sameMembers(a: object, b: object): boolean {
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  const otherKeys = Object.keys(rb);
  if (keys.length !== otherKeys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key !== otherKeys[i] || ra[key] !== rb[key]) return false;
  }
  return true;
}

export class ValueInterner {
  private readonly table = new Map<string, string>();
  private readonly keyHashes = new Map<string, number>();
  private readonly subtrees = new Map<number, object>();
  /** Hash of the value internValue last answered. */
  private lastHash = 0;
  /** How many values that value holds, itself included; UNSHAREABLE when it is not to be shared. */
  private lastValues = 0;

  constructor(
    private readonly capacity = INTERNER_CAPACITY,
    private readonly maxLength = MAX_INTERNED_LENGTH,
    private readonly subtreeCapacity = SUBTREE_CAPACITY,
  ) {}

  get size(): number {
    return this.table.size;
  }

  /** Subtrees remembered now. */
  get subtreeCount(): number {
    return this.subtrees.size;
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
   * Replaces, in place, every string and every small subtree inside a JSON
   * value that nothing else holds yet (freshly decoded, not frozen) with the
   * copy already handed out, and returns the value itself. The caller freezes
   * it: what it now holds is shared.
   */
  internValues<T>(value: T): T {
    if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
    if (Array.isArray(value)) this.internItems(value);
    else this.internFields(value as Record<string, unknown>);
    return value;
  }

  private internValue(value: unknown): unknown {
    switch (typeof value) {
      case 'string': {
        const interned = this.intern(value);
        this.leaf(hashString(Seed.String, interned));
        return interned;
      }
      case 'number':
        if (Number.isInteger(value) && Math.abs(value) <= 0x7fffffff) this.leaf(mix(mix(FNV_OFFSET, Seed.Number), value | 0));
        else if (Number.isFinite(value)) this.leaf(hashString(Seed.Number, String(value)));
        else this.lastValues = UNSHAREABLE;
        return value;
      case 'boolean':
        this.leaf(mix(FNV_OFFSET, value ? Seed.True : Seed.False));
        return value;
      case 'object':
        if (value === null) {
          this.leaf(mix(FNV_OFFSET, Seed.Null));
          return value;
        }
        return this.internObject(value);
      default:
        this.lastValues = UNSHAREABLE;
        return value;
    }
  }

  private leaf(hash: number): void {
    this.lastHash = hash;
    this.lastValues = 1;
  }

  private internObject(value: object): object {
    if (Object.isFrozen(value)) {
      if (value === EMPTY_OBJECT) this.leaf(mix(FNV_OFFSET, Seed.Object));
      else this.lastValues = UNSHAREABLE;
      return value;
    }
    if (Array.isArray(value)) {
      this.internItems(value);
      return this.shared(value);
    }
    this.internFields(value as Record<string, unknown>);
    if (this.lastValues === 1) return EMPTY_OBJECT;
    return this.shared(value);
  }

  /** Interns the items of `array` in place, leaving its hash and size in lastHash and lastValues. */
  private internItems(array: unknown[]): void {
    let hash = mix(mix(FNV_OFFSET, Seed.Array), array.length);
    let values = 1;
    for (let i = 0; i < array.length; i++) {
      array[i] = this.internValue(array[i]);
      hash = mix(hash, this.lastHash);
      values += this.lastValues;
    }
    this.lastHash = hash;
    this.lastValues = values;
  }

  /** Interns the fields of `record` in place, leaving its hash and size in lastHash and lastValues. */
  private internFields(record: Record<string, unknown>): void {
    let hash = mix(FNV_OFFSET, Seed.Object);
    let values = Object.getPrototypeOf(record) === Object.prototype ? 1 : UNSHAREABLE;
    for (const key of Object.keys(record)) {
      if (key === PROTO_KEY) {
        values = UNSHAREABLE;
        continue;
      }
      record[key] = this.internValue(record[key]);
      hash = mix(mix(hash, this.keyHash(key)), this.lastHash);
      values += this.lastValues;
    }
    this.lastHash = hash;
    this.lastValues = values;
  }

  private keyHash(key: string): number {
    let hash = this.keyHashes.get(key);
    if (hash === undefined) {
      hash = hashString(Seed.String, key);
      if (this.keyHashes.size >= this.capacity) this.keyHashes.clear();
      this.keyHashes.set(key, hash);
    }
    return hash;
  }

  /**
   * The subtree already handed out that holds the same members as `value`
   * (whose own parts are already the shared ones), or `value`, now remembered.
   */
  private shared(value: object): object {
    if (this.lastValues > MAX_SHARED_SUBTREE_VALUES) {
      this.lastValues = UNSHAREABLE;
      return value;
    }
    const known = this.subtrees.get(this.lastHash);
    if (known !== undefined && sameMembers(known, value)) return known;
    if (this.subtrees.size >= this.subtreeCapacity) this.subtrees.clear();
    this.subtrees.set(this.lastHash, value);
    return value;
  }
}
