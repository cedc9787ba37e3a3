// JSON text of lists built from their items' texts. An item's text is not
// kept beside the cached object: at 10,000 pods the texts of every cached
// object would be a second copy of the cache (about a third of the
// apiserver's live heap), spent to save a serialization on lists, which
// informers make once and then watch. A watch event's text is computed once
// per change and shared by its watchers (watch/object-change.ts).
import type { KubeList, KubeObject } from '../../api/types/index.js';

/** The same text as JSON.stringify(list), with `items` last as lists are built. */
export function listJson(list: KubeList): string {
  const { items, ...rest } = list;
  const head = JSON.stringify(rest);
  const separator = head === '{}' ? '' : ',';
  return `${head.slice(0, -1)}${separator}"items":[${items.map((item: KubeObject) => JSON.stringify(item)).join(',')}]}`;
}
