// The merge semantics server-side apply reads off a kind's OpenAPI schema, as
// structured-merge-diff converts Kubernetes' published schemas: lists are
// atomic, sets or maps keyed by `x-kubernetes-list-map-keys` (a strategic
// `merge` list without list-type is a map on its merge key, or a set); objects
// are granular unless `x-kubernetes-map-type: atomic`; what the schema leaves
// open is deduced from the value (objects granular, lists atomic).
import { dereference } from '../openapi/refs.js';
import type { ComponentTable, KindSchema, OpenApiSchema } from '../openapi/schema.js';

export type FieldType = ScalarType | MapType | ListType | DeducedType;

export interface ScalarType {
  readonly kind: 'scalar';
}

export interface DeducedType {
  readonly kind: 'deduced';
}

export interface MapType {
  readonly kind: 'map';
  readonly atomic: boolean;
  /** Declares its members (a struct), rather than holding entries of one value type. */
  readonly struct: boolean;
  /** The type of a member: declared, else the map's value type, else deduced. */
  member(name: string): FieldType;
  /** The member is a declared field (a struct's), not an entry of a string-keyed map. */
  declares(name: string): boolean;
  /** The declared fields. */
  fields(): readonly string[];
}

export type ListKind = 'atomic' | 'set' | 'map';

export interface ListType {
  readonly kind: 'list';
  readonly list: ListKind;
  /** The key fields of a list-map, in declared order. */
  readonly keys: readonly string[];
  /** Schema defaults of key fields, for items that leave a key out (a port's protocol). */
  readonly keyDefaults: Readonly<Record<string, unknown>>;
  readonly item: FieldType;
}

export const SCALAR: ScalarType = Object.freeze({ kind: 'scalar' });
export const DEDUCED: DeducedType = Object.freeze({ kind: 'deduced' });

class SchemaMap implements MapType {
  readonly kind = 'map';

  constructor(
    private readonly resolver: TypeResolver,
    private readonly schema: OpenApiSchema,
    readonly atomic: boolean,
  ) {}

  get struct(): boolean {
    return this.schema.properties !== undefined;
  }

  fields(): readonly string[] {
    return Object.keys(this.schema.properties ?? {});
  }

  declares(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.schema.properties ?? {}, name);
  }

  member(name: string): FieldType {
    if (this.declares(name)) return this.resolver.resolve((this.schema.properties ?? {})[name]);
    return this.schema.additionalProperties ? this.resolver.resolve(this.schema.additionalProperties) : DEDUCED;
  }
}

function extension<K extends keyof OpenApiSchema>(property: OpenApiSchema, target: OpenApiSchema, key: K): OpenApiSchema[K] {
  return property[key] ?? target[key];
}

/** Resolves schemas of one component table, each once. */
class TypeResolver {
  private readonly memo = new WeakMap<OpenApiSchema, FieldType>();

  constructor(private readonly components: ComponentTable) {}

  resolve(property: OpenApiSchema): FieldType {
    let type = this.memo.get(property);
    if (!type) {
      type = this.build(property);
      this.memo.set(property, type);
    }
    return type;
  }

  private build(property: OpenApiSchema): FieldType {
    const target = dereference(property, this.components);
    if (extension(property, target, 'x-kubernetes-preserve-unknown-fields')) return DEDUCED;
    if (extension(property, target, 'x-kubernetes-int-or-string')) return SCALAR;
    if (target.type === 'array') return this.list(property, target);
    if (target.type === 'object' || target.properties || target.additionalProperties) {
      if (!target.properties && !target.additionalProperties) return DEDUCED;
      return new SchemaMap(this, target, extension(property, target, 'x-kubernetes-map-type') === 'atomic');
    }
    return SCALAR;
  }

  private list(property: OpenApiSchema, target: OpenApiSchema): ListType {
    const item = target.items ? this.resolve(target.items) : DEDUCED;
    const declared = extension(property, target, 'x-kubernetes-list-type');
    const mergeKey = extension(property, target, 'x-kubernetes-patch-merge-key');
    const strategic = (extension(property, target, 'x-kubernetes-patch-strategy') ?? '').split(',').includes('merge');
    let list: ListKind = declared ?? (strategic ? (mergeKey ? 'map' : 'set') : 'atomic');
    let keys: readonly string[] = list === 'map' ? (extension(property, target, 'x-kubernetes-list-map-keys') ?? (mergeKey ? [mergeKey] : [])) : [];
    if (list === 'map' && keys.length === 0) list = 'atomic';
    if (list !== 'map') keys = [];
    return Object.freeze({ kind: 'list', list, keys, keyDefaults: this.keyDefaults(target, keys), item });
  }

  private keyDefaults(target: OpenApiSchema, keys: readonly string[]): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    if (!target.items || keys.length === 0) return defaults;
    const item = dereference(target.items, this.components);
    for (const key of keys) {
      const field = item.properties?.[key];
      const fallback = field ? (field.default ?? dereference(field, this.components).default) : undefined;
      // Zero values ('' or 0) are the published schemas' marks of required members, not defaults.
      if (fallback !== undefined && fallback !== '' && fallback !== 0) defaults[key] = fallback;
    }
    return defaults;
  }
}

const resolvers = new WeakMap<ComponentTable, TypeResolver>();

/** The type of a kind's root object. */
export function rootTypeOf(schema: KindSchema): FieldType {
  let resolver = resolvers.get(schema.components);
  if (!resolver) {
    resolver = new TypeResolver(schema.components);
    resolvers.set(schema.components, resolver);
  }
  const root = schema.components[schema.root];
  if (!root) throw new Error(`no component ${schema.root}`);
  return resolver.resolve(root);
}

/** What a value whose schema is open is merged as. */
export function deducedFor(value: unknown): ScalarType | MapType | ListType {
  if (Array.isArray(value)) return DEDUCED_LIST;
  return value !== null && typeof value === 'object' ? DEDUCED_MAP : SCALAR;
}

const DEDUCED_LIST: ListType = Object.freeze({ kind: 'list', list: 'atomic', keys: [], keyDefaults: {}, item: DEDUCED });
const DEDUCED_MAP: MapType = Object.freeze({
  kind: 'map',
  atomic: false,
  struct: false,
  member: () => DEDUCED,
  declares: () => false,
  fields: () => [],
});

/** Deduced types resolved against the value they describe. */
export function concrete(type: FieldType, value: unknown): Exclude<FieldType, DeducedType> {
  return type.kind === 'deduced' ? deducedFor(value) : type;
}
