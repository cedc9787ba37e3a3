// The fields a value sets, as server-side apply claims them for an applier:
// every scalar, every atomic list or map, every item of a granular list, and
// empty or null members (which set something by being there).
import { isPlainObject } from '../json-value.js';
import { FieldSet } from './field-set.js';
import { indexItems } from './list-items.js';
import { fieldElement } from './path-element.js';
import { concrete, type FieldType } from './schema-type.js';

function collect(value: unknown, type: FieldType, node: FieldSet): void {
  const t = concrete(type, value);
  if (t.kind === 'scalar' || value === null) {
    node.member = true;
    return;
  }
  if (t.kind === 'list') {
    if (t.list === 'atomic' || !Array.isArray(value)) {
      node.member = true;
      return;
    }
    for (const [element, item] of indexItems(t, value)) {
      const child = node.child(element);
      collect(item, t.item, child);
      child.member = true;
    }
    return;
  }
  if (t.atomic || !isPlainObject(value)) {
    node.member = true;
    return;
  }
  for (const [name, member] of Object.entries(value)) {
    if (member === undefined) continue;
    const child = node.child(fieldElement(name));
    collect(member, t.member(name), child);
    if (member === null || (isPlainObject(member) && Object.keys(member).length === 0) || !t.declares(name)) child.member = true;
  }
}

/** The field set of `value` (an object, or anything under its schema `type`). */
export function fieldSetOf(value: unknown, type: FieldType): FieldSet {
  const set = new FieldSet();
  collect(value, type, set);
  set.member = false;
  return set;
}
