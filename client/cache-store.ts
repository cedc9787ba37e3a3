// The informer's cache: frozen objects by `ns/name` key, with optional
// secondary indexes (pods by node, objects by owner) kept in step on every write.
import type { KubeObject } from '../api/types/index.js';
import { ApiError } from '../api/errors.js';
import { keyOf } from './object-key.js';

/** Answers the index values an object files under (none: not indexed). */
export type IndexFunc<T> = (obj: T) => string[];

/** The read side that handlers and workers see. Objects are deep-frozen: copy before editing. */
export interface Store<T extends KubeObject> {
  get(namespace: string, name: string): T | undefined;
  getByKey(key: string): T | undefined;
  list(): T[];
  listKeys(): string[];
  /** Objects filed under `value` by the index `indexName` (see addIndex). */
  byIndex(indexName: string, value: string): T[];
  /** Registers an index; existing objects are indexed at once. */
  addIndex(indexName: string, fn: IndexFunc<T>): void;
  size(): number;
}

interface Index<T> {
  fn: IndexFunc<T>;
  /** index value -> keys filed under it */
  entries: Map<string, Set<string>>;
}

export class CacheStore<T extends KubeObject> implements Store<T> {
  private readonly items = new Map<string, T>();
  private readonly indexes = new Map<string, Index<T>>();

  get(namespace: string, name: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  size(): number {
    return this.items.size;
  }

  byIndex(indexName: string, value: string): T[] {
    const index = this.indexes.get(indexName);
    if (!index) throw new ApiError('BadRequest', `no index named "${indexName}" on this store`);
    const keys = index.entries.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const key of keys) {
      const obj = this.items.get(key);
      if (obj) out.push(obj);
    }
    return out;
  }

  addIndex(indexName: string, fn: IndexFunc<T>): void {
    if (this.indexes.has(indexName)) throw new ApiError('AlreadyExists', `index "${indexName}" already exists on this store`);
    const index: Index<T> = { fn, entries: new Map() };
    this.indexes.set(indexName, index);
    for (const [key, obj] of this.items) fileUnder(index, key, obj);
  }

  /** Stores `obj` (already frozen by the caller) and answers what it replaced. */
  set(obj: T): T | undefined {
    const key = keyOf(obj);
    const old = this.items.get(key);
    for (const index of this.indexes.values()) {
      if (old) removeFrom(index, key, old);
      fileUnder(index, key, obj);
    }
    this.items.set(key, obj);
    return old;
  }

  deleteKey(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    for (const index of this.indexes.values()) removeFrom(index, key, old);
    this.items.delete(key);
    return old;
  }
}

function fileUnder<T>(index: Index<T>, key: string, obj: T): void {
  for (const value of index.fn(obj)) {
    let keys = index.entries.get(value);
    if (!keys) {
      keys = new Set();
      index.entries.set(value, keys);
    }
    keys.add(key);
  }
}

function removeFrom<T>(index: Index<T>, key: string, obj: T): void {
  for (const value of index.fn(obj)) {
    const keys = index.entries.get(value);
    if (!keys) continue;
    keys.delete(key);
    if (keys.size === 0) index.entries.delete(value);
  }
}
