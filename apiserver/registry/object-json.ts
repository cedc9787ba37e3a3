// JSON text of objects, computed once per shared object: a frozen object (one
// the watch cache holds) never changes, so its text is kept beside it for as
// long as the object lives, and every list and watch event that carries it
// reuses the text instead of serializing it again.
import type { KubeList, KubeObject } from '../../api/types/index.js';

const texts = new WeakMap<object, string>();

export function objectJson(obj: KubeObject): string {
  if (!Object.isFrozen(obj)) return JSON.stringify(obj);
  let text = texts.get(obj);
  if (text === undefined) {
    text = JSON.stringify(obj);
    texts.set(obj, text);
  }
  return text;
}

/** The same text as JSON.stringify(list), with `items` last as lists are built, from each item's kept text. */
export function listJson(list: KubeList): string {
  const { items, ...rest } = list;
  const head = JSON.stringify(rest);
  const separator = head === '{}' ? '' : ',';
  return `${head.slice(0, -1)}${separator}"items":[${items.map(objectJson).join(',')}]}`;
}
