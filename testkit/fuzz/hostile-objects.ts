// Hostile objects generated from the kinds' schemas, for the fuzz suite: every
// integer field at its boundaries, wrong types, missing required members,
// unknown members, oversized strings and lists, deep nesting and bytes that
// are not JSON. Deterministic for a seed, and front-end neutral: each case is
// the text of a request body, so gRPC sends it now and HTTP can later.
import { dereference } from '../../api/openapi/refs.js';
import { ref } from '../../api/openapi/builders.js';
import type { OpenApiSchema } from '../../api/openapi/schema.js';
import type { KindDefinition } from '../../api/kinds/kind-definition.js';

/** What the suite must see for a case. */
export type Expectation =
  /** Refused, and the message names the object and this field. */
  | { kind: 'refused-naming'; field: string }
  /** Refused (a body that is not an object cannot name one), or stored. */
  | { kind: 'refused' }
  /** Refused naming the object and some field, or stored and valid. */
  | { kind: 'either' };

export interface HostileCase {
  id: string;
  kindName: string;
  /** metadata.name, unique per case; "" when the body has none. */
  name: string;
  /** The request body as sent. */
  body: string;
  expect: Expectation;
}

/** Integer boundaries: in range for every int field (-1 and 0 may still break a per-kind rule). */
const INT_IN_RANGE = [-1, 0, 2 ** 31 - 1];
/** Values no int32 field may hold, as JSON text: Kubernetes refuses them at decoding. */
const INT32_OUT = ['2147483648', '9007199254740993', '1.5', '"7"'];
const INT64_OUT = ['9007199254740993', '1.5', '"7"'];

/** Schema levels followed from the root: enough to reach a template's containers' ports and probes. */
const MAX_SCHEMA_DEPTH = 9;
/** Mutated fields per kind and type, so the suite stays within its time budget. */
const MAX_INT_FIELDS_PER_KIND = 14;
const MAX_TYPED_FIELDS_PER_KIND = 10;
export const OVERSIZED_STRING_BYTES = 2_000_000;
export const OVERSIZED_LIST_LENGTH = 20_000;
export const DEEP_NESTING_LEVELS = 500;

/** A field reachable from the root: its keys (index 0 for list elements) and its schema. */
interface FieldSite {
  keys: (string | number)[];
  schema: OpenApiSchema;
}

/** mulberry32: a small seeded generator, so a failing run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pathText(keys: readonly (string | number)[]): string {
  let out = '';
  for (const k of keys) out += typeof k === 'number' ? `[${k}]` : out ? `.${k}` : k;
  return out;
}

/** Every typed field under the root, breadth-first, never through a component already on the path. */
function fieldSites(kind: KindDefinition): FieldSite[] {
  const sites: FieldSite[] = [];
  const pending: { keys: (string | number)[]; schema: OpenApiSchema; seen: string[] }[] = [{ keys: [], schema: ref(kind.schema.root), seen: [] }];
  while (pending.length > 0) {
    const { keys, schema, seen } = pending.shift() as (typeof pending)[number];
    if (keys.length > MAX_SCHEMA_DEPTH) continue;
    const name = JSON.stringify(schema);
    if (seen.includes(name)) continue;
    const s = dereference(schema, kind.schema.components);
    if (keys.length > 0) sites.push({ keys, schema: s });
    if (s['x-kubernetes-preserve-unknown-fields'] || s['x-kubernetes-int-or-string']) continue;
    if (s.type === 'array' && s.items) pending.push({ keys: [...keys, 0], schema: s.items, seen: [...seen, name] });
    for (const [member, child] of Object.entries(s.properties ?? {})) {
      if (keys.length === 0 && (member === 'apiVersion' || member === 'kind' || member === 'status')) continue;
      // Server-owned metadata is overwritten on create; mutating it tests nothing.
      if (keys.length === 1 && keys[0] === 'metadata' && ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink', 'name', 'namespace', 'generateName'].includes(member)) continue;
      pending.push({ keys: [...keys, member], schema: child, seen: [...seen, name] });
    }
  }
  return sites;
}

/** Sets `keys` in a copy of `base` to the placeholder, creating objects and one-element lists on the way. */
function withValueAt(base: Record<string, unknown>, keys: readonly (string | number)[], placeholder: string): Record<string, unknown> {
  const root = structuredClone(base);
  let cur: Record<string, unknown> | unknown[] = root;
  keys.forEach((k, i) => {
    const last = i === keys.length - 1;
    const container = cur as Record<string | number, unknown>;
    if (last) {
      container[k] = placeholder;
      return;
    }
    const nextIsIndex = typeof keys[i + 1] === 'number';
    const existing = container[k];
    const fits = nextIsIndex ? Array.isArray(existing) && existing.length > 0 : typeof existing === 'object' && existing !== null && !Array.isArray(existing);
    if (!fits) container[k] = nextIsIndex ? [{}] : {};
    cur = container[k] as Record<string, unknown> | unknown[];
  });
  return root;
}

const PLACEHOLDER = '\u0000fuzz-value\u0000';

/** The body with `valueJson` (raw JSON text, possibly not a double) at `keys`. */
function bodyWith(base: Record<string, unknown>, keys: readonly (string | number)[], valueJson: string): string {
  return JSON.stringify(withValueAt(base, keys, PLACEHOLDER)).replace(JSON.stringify(PLACEHOLDER), valueJson);
}

function wrongTypeFor(s: OpenApiSchema): string | undefined {
  switch (s.type) {
    case 'string':
      return '5';
    case 'boolean':
      return '"true"';
    case 'object':
      return '"an object"';
    case 'array':
      return '{"not":"a list"}';
    default:
      return undefined;
  }
}

function pick<T>(items: readonly T[], count: number, random: () => number): T[] {
  if (items.length <= count) return [...items];
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, count);
}

export interface KindBase {
  kind: KindDefinition;
  /** A valid object of the kind; `name` is replaced per case. */
  object: (name: string) => Record<string, unknown>;
  /** Members whose absence the kind refuses, by path. */
  required: readonly (readonly string[])[];
}

function withoutKey(obj: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const copy = structuredClone(obj);
  let cur: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  delete cur[keys[keys.length - 1]];
  return copy;
}

function nested(levels: number): string {
  return '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
}

/** Bytes that are not JSON, as a string (the wire carries strings: lone surrogates become U+FFFD on the way). */
function randomText(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String.fromCharCode(Math.floor(random() * 0xffff));
  return out;
}

/** All cases for these kinds, in a fixed order for a given seed. */
export function hostileCases(bases: readonly KindBase[], seed: number): HostileCase[] {
  const random = seededRandom(seed);
  const cases: HostileCase[] = [];
  let n = 0;
  const add = (base: KindBase, body: (name: string) => string, expect: Expectation, label: string): void => {
    const name = `fuzz-${seed}-${n++}`;
    cases.push({ id: `${base.kind.kind} ${label}`, kindName: base.kind.kind, name, body: body(name), expect });
  };
  for (const base of bases) {
    const sites = fieldSites(base.kind);
    const ints = pick(sites.filter((s) => s.schema.type === 'integer'), MAX_INT_FIELDS_PER_KIND, random);
    for (const site of ints) {
      const field = pathText(site.keys);
      for (const v of INT_IN_RANGE) add(base, (name) => bodyWith(base.object(name), site.keys, String(v)), { kind: 'either' }, `${field}=${v}`);
      const outs = site.schema.format === 'int32' ? INT32_OUT : INT64_OUT;
      for (const v of outs) add(base, (name) => bodyWith(base.object(name), site.keys, v), { kind: 'refused-naming', field }, `${field}=${v}`);
    }
    const typed = pick(sites.filter((s) => wrongTypeFor(s.schema) !== undefined), MAX_TYPED_FIELDS_PER_KIND, random);
    for (const site of typed) {
      const field = pathText(site.keys);
      const wrong = wrongTypeFor(site.schema) as string;
      add(base, (name) => bodyWith(base.object(name), site.keys, wrong), { kind: 'refused-naming', field }, `${field}=${wrong}`);
    }
    for (const keys of base.required) {
      add(base, (name) => JSON.stringify(withoutKey(base.object(name), keys)), { kind: 'refused-naming', field: keys.join('.') }, `without ${keys.join('.')}`);
    }
    add(base, (name) => bodyWith(base.object(name), ['spec', 'fuzzUnknownField'], '{"x":[1,"y",null]}'), { kind: 'either' }, 'unknown member');
    add(base, (name) => bodyWith(base.object(name), ['metadata', 'labels'], JSON.stringify({ app: 'x'.repeat(300) })), { kind: 'refused-naming', field: 'metadata.labels' }, 'oversized label');
    add(base, (name) => bodyWith(base.object(name), ['metadata', 'annotations'], JSON.stringify({ big: 'a'.repeat(OVERSIZED_STRING_BYTES) })), { kind: 'refused' }, 'oversized annotation');
    add(base, (name) => bodyWith(base.object(name), ['metadata', 'finalizers'], JSON.stringify(Array.from({ length: OVERSIZED_LIST_LENGTH }, (_, i) => `example.com/f${i}`))), { kind: 'either' }, 'oversized list');
    add(base, (name) => bodyWith(base.object(name), ['spec', 'fuzzDeep'], nested(DEEP_NESTING_LEVELS)), { kind: 'refused' }, 'deep nesting');
    add(base, (name) => bodyWith(base.object(name), ['metadata', 'labels'], '{"app":"\\ud800\\udfff\\ud800"}'), { kind: 'refused-naming', field: 'metadata.labels' }, 'lone surrogate label');
    add(base, () => randomText(random, 64), { kind: 'refused' }, 'random text');
    add(base, (name) => JSON.stringify(base.object(name)).slice(0, 40), { kind: 'refused' }, 'truncated JSON');
    add(base, () => '[]', { kind: 'refused' }, 'not an object');
  }
  return cases;
}
