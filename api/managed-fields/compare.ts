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

  /** The path of the value being compared; one array, pushed and popped, since objects hold many fields. */
  private readonly path: string[] = [];

  compare(before: unknown, after: unknown, type: FieldType): void {
    if (before === undefined && after === undefined) return;
    const t = concrete(type, after ?? before);
    const sameShape = before === undefined || after === undefined || concrete(type, before).kind === concrete(type, after).kind;
    if (!sameShape || t.kind === 'scalar') return this.leaf(before, after);
    if (t.kind === 'list') {
      const lists = (before === undefined || Array.isArray(before)) && (after === undefined || Array.isArray(after));
      if (t.list === 'atomic' || !lists) return this.leaf(before, after);
      const old = indexItems(t, (before as unknown[] | undefined) ?? []);
      const next = indexItems(t, (after as unknown[] | undefined) ?? []);
      for (const [element, item] of next) this.descend(element, () => this.item(old.get(element), item, t.item));
      for (const [element, item] of old) if (!next.has(element)) this.descend(element, () => this.item(item, undefined, t.item));
      return;
    }
    const maps = (before === undefined || isPlainObject(before)) && (after === undefined || isPlainObject(after));
    if (t.atomic || !maps || (isEmptyMap(before) && isEmptyMap(after))) return this.leaf(before, after);
    this.map(before as Record<string, unknown> | undefined, after as Record<string, unknown> | undefined, t);
  }

  private descend(element: string, visit: () => void): void {
    this.path.push(element);
    visit();
    this.path.pop();
  }

  private map(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined, t: MapType): void {
    const depth = this.path.length;
    // Top-level structs (metadata, spec, status) are always there, as Go's non-pointer structs are.
    const counts = depth > 1 || (depth === 1 && !t.struct);
    if (counts && before === undefined) this.result.added.insert(this.path);
    if (counts && after === undefined) this.result.removed.insert(this.path);
    for (const name of Object.keys(after ?? {})) {
      this.descend(fieldElement(name), () => this.compare(before?.[name], after?.[name], t.member(name)));
    }
    for (const name of Object.keys(before ?? {})) {
      if (after === undefined || !Object.prototype.hasOwnProperty.call(after, name)) {
        this.descend(fieldElement(name), () => this.compare(before?.[name], undefined, t.member(name)));
      }
    }
  }

  /** A list item: itself added or removed, then its members. */
  private item(before: unknown, after: unknown, type: FieldType): void {
    if (before === undefined) this.result.added.insert(this.path);
    else if (after === undefined) this.result.removed.insert(this.path);
    if (concrete(type, after ?? before).kind === 'scalar') return;
    this.compare(before, after, type);
  }

  private leaf(before: unknown, after: unknown): void {
    if (before === undefined) this.result.added.insert(this.path);
    else if (after === undefined) this.result.removed.insert(this.path);
    else if (!deepEqual(before, after)) this.result.modified.insert(this.path);
  }
}

export function compareObjects(before: unknown, after: unknown, type: FieldType): Comparison {
  const comparer = new Comparer();
  comparer.compare(before, after, type);
  return comparer.result;
}
