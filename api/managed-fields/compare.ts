// What changed between two versions of an object, field by field, as server-
// side apply judges ownership: fields added, modified (a leaf with a new value)
// and removed. A granular map or list item that appears or goes counts itself,
// besides its members; lists themselves never do.
import { deepEqual, isPlainObject } from '../json-value.js';
import { FieldSet } from './field-set.js';
import { indexItems } from './list-items.js';
import { fieldElement } from './path-element.js';
import { concrete, type FieldType, type MapType } from './schema-type.js';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

function isEmptyMap(value: unknown): boolean {
  return value === undefined || value === null || (isPlainObject(value) && Object.keys(value).length === 0);
}

class Comparer {
  readonly result: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };

  compare(before: unknown, after: unknown, type: FieldType, path: string[]): void {
    if (before === undefined && after === undefined) return;
    const t = concrete(type, after ?? before);
    const sameShape = before === undefined || after === undefined || concrete(type, before).kind === concrete(type, after).kind;
    if (!sameShape || t.kind === 'scalar') return this.leaf(before, after, path);
    if (t.kind === 'list') {
      const lists = (before === undefined || Array.isArray(before)) && (after === undefined || Array.isArray(after));
      if (t.list === 'atomic' || !lists) return this.leaf(before, after, path);
      const old = indexItems(t, (before as unknown[] | undefined) ?? []);
      const next = indexItems(t, (after as unknown[] | undefined) ?? []);
      for (const [element, item] of next) this.item(old.get(element), item, t.item, [...path, element]);
      for (const [element, item] of old) if (!next.has(element)) this.item(item, undefined, t.item, [...path, element]);
      return;
    }
    const maps = (before === undefined || isPlainObject(before)) && (after === undefined || isPlainObject(after));
    if (t.atomic || !maps || (isEmptyMap(before) && isEmptyMap(after))) return this.leaf(before, after, path);
    this.map(before as Record<string, unknown> | undefined, after as Record<string, unknown> | undefined, t, path);
  }

  private map(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined, t: MapType, path: string[]): void {
    // Top-level structs (metadata, spec, status) are always there, as Go's non-pointer structs are.
    const counts = path.length > 1 || !t.struct;
    if (counts && path.length > 0 && before === undefined) this.result.added.insert(path);
    if (counts && path.length > 0 && after === undefined) this.result.removed.insert(path);
    for (const name of Object.keys(after ?? {})) {
      this.compare(before?.[name], after?.[name], t.member(name), [...path, fieldElement(name)]);
    }
    for (const name of Object.keys(before ?? {})) {
      if (after === undefined || !Object.prototype.hasOwnProperty.call(after, name)) {
        this.compare(before?.[name], undefined, t.member(name), [...path, fieldElement(name)]);
      }
    }
  }

  /** A list item: itself added or removed, then its members. */
  private item(before: unknown, after: unknown, type: FieldType, path: string[]): void {
    if (before === undefined) this.result.added.insert(path);
    else if (after === undefined) this.result.removed.insert(path);
    if (concrete(type, after ?? before).kind === 'scalar') return;
    this.compare(before, after, type, path);
  }

  private leaf(before: unknown, after: unknown, path: string[]): void {
    if (before === undefined) this.result.added.insert(path);
    else if (after === undefined) this.result.removed.insert(path);
    else if (!deepEqual(before, after)) this.result.modified.insert(path);
  }
}

export function compareObjects(before: unknown, after: unknown, type: FieldType): Comparison {
  const comparer = new Comparer();
  comparer.compare(before, after, type, []);
  return comparer.result;
}
