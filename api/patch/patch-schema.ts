// Strategic-merge metadata for the built-in kinds: what Kubernetes declares
// with the patchStrategy / patchMergeKey struct tags. Only fields that differ
// from the defaults are listed; a field that is absent here merges as a map
// when its value is a map and is replaced whole when its value is a list.

/** How one field is patched. */
export interface FieldSchema {
  /**
   * For a list value: 'merge' merges element by element (by `mergeKey` for
   * lists of maps, as a set union for lists of primitives); 'replace', the
   * default, takes the patch's list whole.
   */
  readonly list?: 'merge' | 'replace';
  /** The member that identifies an element of a merged list of maps. */
  readonly mergeKey?: string;
  /**
   * The map (or, for a list, each element) is a union of alternatives: a
   * three-way patch names the members to keep in `$retainKeys`, so switching
   * alternatives clears the old one.
   */
  readonly retainKeys?: boolean;
  /** The fields of the map, or of each map element of the list. */
  readonly schema?: PatchSchema;
}

export interface PatchSchema {
  readonly fields: Readonly<Record<string, FieldSchema>>;
}

export type ListStrategy =
  | { readonly kind: 'replace' }
  | { readonly kind: 'merge-primitives' }
  | { readonly kind: 'merge-by-key'; readonly mergeKey: string };

/** The schema entry for one member of a map, if the schema says anything about it. */
export function fieldOf(schema: PatchSchema | undefined, name: string): FieldSchema | undefined {
  if (!schema || !Object.prototype.hasOwnProperty.call(schema.fields, name)) return undefined;
  return schema.fields[name];
}

/** Follows a path of member names (`['spec', 'template', 'spec', 'containers']`). */
export function fieldAt(schema: PatchSchema | undefined, path: readonly string[]): FieldSchema | undefined {
  let field: FieldSchema | undefined;
  let current = schema;
  for (const name of path) {
    field = fieldOf(current, name);
    if (!field) return undefined;
    current = field.schema;
  }
  return field;
}

/** How a list in this field is patched. */
export function listStrategyOf(field: FieldSchema | undefined): ListStrategy {
  if (field?.list !== 'merge') return { kind: 'replace' };
  return field.mergeKey ? { kind: 'merge-by-key', mergeKey: field.mergeKey } : { kind: 'merge-primitives' };
}
