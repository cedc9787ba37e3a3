// Removing the members of a field set from an object: a member field, map
// entry or list item goes with everything under it.
import { isPlainObject } from '../json-value.js';
import { FieldSet } from './field-set.js';
import { itemElement } from './list-items.js';
import { fieldElement } from './path-element.js';
import { concrete, type FieldType } from './schema-type.js';

function removeFrom(value: unknown, set: FieldSet, type: FieldType): unknown {
  const t = concrete(type, value);
  if (t.kind === 'list' && Array.isArray(value) && t.list !== 'atomic') {
    const kept: unknown[] = [];
    for (const item of value) {
      const node = set.children.get(itemElement(t, item));
      if (!node) kept.push(item);
      else if (!node.member) kept.push(removeFrom(item, node, t.item));
    }
    return kept;
  }
  if (t.kind === 'map' && isPlainObject(value)) {
    const out: Record<string, unknown> = { ...value };
    for (const name of Object.keys(value)) {
      const node = set.children.get(fieldElement(name));
      if (!node) continue;
      if (node.member) delete out[name];
      else out[name] = removeFrom(value[name], node, t.member(name));
    }
    return out;
  }
  return value;
}

/** A copy of `value` without the members of `set` (shared structure where nothing is removed). */
export function removeFields<T>(value: T, set: FieldSet, type: FieldType): T {
  return removeFrom(value, set, type) as T;
}

/**
 * What an applier gave up (in `last`, not in `owned`) that nobody else holds:
 * a member goes only when no owned path lies at or under it, so pruning never
 * takes another manager's fields with it.
 */
export function abandonedFields(last: FieldSet, owned: FieldSet): FieldSet {
  const walk = (mine: FieldSet, theirs: FieldSet | undefined, out: FieldSet): void => {
    if (mine.member && (!theirs || theirs.isEmpty())) {
      out.member = true;
      return;
    }
    for (const [element, node] of mine.children) {
      const child = out.child(element);
      walk(node, theirs?.children.get(element), child);
      if (child.isEmpty()) out.children.delete(element);
    }
  };
  const out = new FieldSet();
  walk(last, owned, out);
  out.member = false;
  return out;
}
