// The objects of one resource as of the last change applied, by key. Keys are
// kept sorted lazily (only membership changes dirty the order), so a list
// costs a binary search and a slice, not a sort, when nothing was added or
// removed since the last one.
import type { KubeObject } from '../../api/types/index.js';
import type { CachedItem } from '../registry/object-cache.js';

export class CacheStore {
  private readonly byKey = new Map<string, CachedItem>();
  private sorted: CachedItem[] | undefined;

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): KubeObject | undefined {
    return this.byKey.get(key)?.object;
  }

  /** Replaces everything, as after a fresh list. */
  replace(items: CachedItem[]): void {
    this.byKey.clear();
    for (const item of items) this.byKey.set(item.key, item);
    this.sorted = undefined;
  }

  put(key: string, object: KubeObject): void {
    const existing = this.byKey.get(key);
    const item = { key, object };
    this.byKey.set(key, item);
    if (!existing) this.sorted = undefined;
    else if (this.sorted) this.sorted[this.indexOf(key)] = item;
  }

  delete(key: string): void {
    if (this.byKey.delete(key)) this.sorted = undefined;
  }

  itemsUnder(prefix: string): CachedItem[] {
    const sorted = this.inOrder();
    const start = this.indexOf(prefix);
    let end = start;
    while (end < sorted.length && sorted[end].key.startsWith(prefix)) end++;
    return sorted.slice(start, end);
  }

  private inOrder(): CachedItem[] {
    // Plain code-unit order: etcd's byte order for the ASCII keys the registry writes.
    this.sorted ??= [...this.byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return this.sorted;
  }

  /** The index of the first key at or after `key`. */
  private indexOf(key: string): number {
    const sorted = this.inOrder();
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid].key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
