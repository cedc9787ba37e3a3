// A set of field paths, as server-side apply records who owns what: a trie
// keyed by encoded path elements (`f:spec`, `k:{"name":"web"}`, `v:"a"`,
// `i:0`). A node is a member of the set when the path ending there is owned
// itself; a node with only children is just on the way to owned paths.
// FieldsV1 is this trie as JSON, members with children marked by ".".
import { isPlainObject } from '../json-value.js';

export const SELF_MARK = '.';

export class FieldSet {
  member = false;
  readonly children = new Map<string, FieldSet>();

  static fromPaths(paths: readonly (readonly string[])[]): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  /** Adds one path as a member. */
  insert(path: readonly string[]): void {
    let node: FieldSet = this;
    for (const element of path) node = node.child(element);
    node.member = true;
  }

  /** The node for `element`, created when missing. */
  child(element: string): FieldSet {
    let next = this.children.get(element);
    if (!next) {
      next = new FieldSet();
      this.children.set(element, next);
    }
    return next;
  }

  isEmpty(): boolean {
    return !this.member && this.children.size === 0;
  }

  has(path: readonly string[]): boolean {
    let node: FieldSet | undefined = this;
    for (const element of path) {
      node = node.children.get(element);
      if (!node) return false;
    }
    return node.member;
  }

  /** The node at `path`, or undefined. */
  at(path: readonly string[]): FieldSet | undefined {
    let node: FieldSet | undefined = this;
    for (const element of path) {
      node = node?.children.get(element);
      if (!node) return undefined;
    }
    return node;
  }

  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member || other.member;
    for (const [element, node] of this.children) {
      const theirs = other.children.get(element);
      out.children.set(element, theirs ? node.union(theirs) : node.clone());
    }
    for (const [element, node] of other.children) {
      if (!this.children.has(element)) out.children.set(element, node.clone());
    }
    return out;
  }

  difference(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && !other.member;
    for (const [element, node] of this.children) {
      const theirs = other.children.get(element);
      const rest = theirs ? node.difference(theirs) : node.clone();
      if (!rest.isEmpty()) out.children.set(element, rest);
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    out.member = this.member && other.member;
    for (const [element, node] of this.children) {
      const theirs = other.children.get(element);
      if (!theirs) continue;
      const both = node.intersection(theirs);
      if (!both.isEmpty()) out.children.set(element, both);
    }
    return out;
  }

  clone(): FieldSet {
    const out = new FieldSet();
    out.member = this.member;
    for (const [element, node] of this.children) out.children.set(element, node.clone());
    return out;
  }

  equals(other: FieldSet): boolean {
    if (this.member !== other.member || this.children.size !== other.children.size) return false;
    for (const [element, node] of this.children) {
      const theirs = other.children.get(element);
      if (!theirs || !node.equals(theirs)) return false;
    }
    return true;
  }

  /** Every member path, in encoded-element order. */
  paths(): string[][] {
    const found: string[][] = [];
    const walk = (node: FieldSet, prefix: string[]): void => {
      if (node.member && prefix.length > 0) found.push(prefix);
      for (const element of sortedElements(node.children.keys())) walk(node.children.get(element) as FieldSet, [...prefix, element]);
    };
    walk(this, []);
    return found;
  }

  /** The FieldsV1 document of this set. */
  toFieldsV1(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.member && this.children.size > 0) out[SELF_MARK] = {};
    for (const element of sortedElements(this.children.keys())) {
      out[element] = (this.children.get(element) as FieldSet).toFieldsV1();
    }
    return out;
  }

  /** Reads a FieldsV1 document; throws on anything that is not one. */
  static fromFieldsV1(doc: unknown): FieldSet {
    const set = new FieldSet();
    readInto(set, doc, true);
    return set;
  }
}

function readInto(node: FieldSet, doc: unknown, root: boolean): void {
  if (!isPlainObject(doc)) throw new Error('fieldsV1 must be a JSON object');
  const keys = Object.keys(doc);
  if (!root && keys.length === 0) node.member = true;
  for (const key of keys) {
    if (key === SELF_MARK) {
      node.member = true;
      continue;
    }
    if (!/^[fkvi]:/.test(key)) throw new Error(`fieldsV1 holds an unknown path element ${JSON.stringify(key)}`);
    readInto(node.child(key), doc[key], false);
  }
}

/** Kinds sort as structured-merge-diff orders them: fields, keys, values, indexes. */
const ELEMENT_KIND_ORDER = 'fkvi';

function sortedElements(elements: Iterable<string>): string[] {
  return [...elements].sort((a, b) => {
    const kinds = ELEMENT_KIND_ORDER.indexOf(a[0]) - ELEMENT_KIND_ORDER.indexOf(b[0]);
    if (kinds !== 0) return kinds;
    if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
