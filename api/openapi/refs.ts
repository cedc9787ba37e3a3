// Following `$ref`s: the one-element allOf Kubernetes wraps references in, and
// the walk over every schema nested in another.
import { COMPONENT_REF_PREFIX, type ComponentTable, type OpenApiSchema } from './schema.js';

/** The component a `$ref` names, or undefined for a reference outside `#/components/schemas/`. */
export function refName(ref: string): string | undefined {
  return ref.startsWith(COMPONENT_REF_PREFIX) ? ref.slice(COMPONENT_REF_PREFIX.length) : undefined;
}

/** The component a schema refers to directly (`$ref`) or through a one-element allOf. */
export function referencedName(schema: OpenApiSchema): string | undefined {
  if (schema.$ref !== undefined) return refName(schema.$ref);
  const only = schema.allOf?.length === 1 ? schema.allOf[0] : undefined;
  return only ? referencedName(only) : undefined;
}

/** The schema that describes values: references followed until a schema with its own members. */
export function dereference(schema: OpenApiSchema, components: ComponentTable): OpenApiSchema {
  let current = schema;
  const seen = new Set<string>();
  for (let name = referencedName(current); name !== undefined; name = referencedName(current)) {
    if (seen.has(name)) throw new Error(`reference cycle through ${name}`);
    seen.add(name);
    const target = Object.prototype.hasOwnProperty.call(components, name) ? components[name] : undefined;
    if (!target) throw new Error(`unresolved reference to ${name}`);
    current = target;
  }
  return current;
}

/** The schemas directly inside this one: properties, items, map values and combinators. */
export function childSchemas(schema: OpenApiSchema): OpenApiSchema[] {
  return [
    ...Object.values(schema.properties ?? {}),
    ...(schema.items ? [schema.items] : []),
    ...(schema.additionalProperties ? [schema.additionalProperties] : []),
    ...(schema.allOf ?? []),
    ...(schema.oneOf ?? []),
  ];
}

/** Every `$ref` in a schema and the schemas nested in it (not following the references). */
export function refsIn(schema: OpenApiSchema): string[] {
  const found: string[] = [];
  const visit = (s: OpenApiSchema): void => {
    if (s.$ref !== undefined) found.push(s.$ref);
    childSchemas(s).forEach(visit);
  };
  visit(schema);
  return found;
}
