// How the items of a granular list are named in a field set: a list-map's by
// its key fields, a set's by its value.
import { badRequest } from '../errors.js';
import { isPlainObject } from '../json-value.js';
import { keyElement, valueElement } from './path-element.js';
import type { ListType } from './schema-type.js';

/** The path element of one item; throws BadRequest for a list-map item without a key (and no default for it). */
export function itemElement(list: ListType, item: unknown): string {
  if (list.list === 'set') return valueElement(item);
  const keys: Record<string, unknown> = {};
  for (const key of list.keys) {
    const value = isPlainObject(item) && Object.prototype.hasOwnProperty.call(item, key) ? item[key] : list.keyDefaults[key];
    if (value === undefined) {
      throw badRequest(`associative list with keys has an element that omits key field ${JSON.stringify(key)} (and doesn't have default value)`);
    }
    keys[key] = value;
  }
  return keyElement(keys);
}

/** Items by element, first occurrence winning, in list order. */
export function indexItems(list: ListType, items: readonly unknown[]): Map<string, unknown> {
  const byElement = new Map<string, unknown>();
  for (const item of items) {
    const element = itemElement(list, item);
    if (!byElement.has(element)) byElement.set(element, item);
  }
  return byElement;
}
