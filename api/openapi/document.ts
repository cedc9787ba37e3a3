// The `components.schemas` of an OpenAPI v3 document for a set of kinds, as
// `/openapi/v3/apis/<group>/<version>` serves them: each kind's root and
// everything reachable from it, nothing else.
import { refName, refsIn } from './refs.js';
import type { ComponentTable, KindSchema, OpenApiSchema } from './schema.js';

/** What this module needs of a kind: only its schema, so it never depends on the kind registry. */
export interface HasKindSchema {
  readonly schema: KindSchema;
}

/** The named components reachable from the kinds' roots, sorted by name for stable documents. */
export function openApiComponentsFor(kinds: readonly HasKindSchema[]): Record<string, OpenApiSchema> {
  const found = new Map<string, OpenApiSchema>();
  const pending: [string, ComponentTable][] = kinds.map((k) => [k.schema.root, k.schema.components]);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [name, components] = next;
    if (found.has(name)) continue;
    const schema = Object.prototype.hasOwnProperty.call(components, name) ? components[name] : undefined;
    if (!schema) throw new Error(`no component ${name}`);
    found.set(name, schema);
    for (const ref of refsIn(schema)) {
      const target = refName(ref);
      if (target === undefined) throw new Error(`${name}: reference ${ref} is outside #/components/schemas/`);
      pending.push([target, components]);
    }
  }
  return Object.fromEntries([...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
