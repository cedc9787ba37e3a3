// The members of an object its schema does not declare, found the way
// kubectl's `--validate=strict` and the apiserver's strict field validation
// find them: walk the value along the schema; a schema that preserves unknown
// fields (or says nothing of its members) ends the walk below it.
import { dereference } from './refs.js';
import type { ComponentTable, OpenApiSchema } from './schema.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON paths (`.spec.containers[0].imagee`) of members the schema does not declare. */
export function unknownFields(value: unknown, schema: OpenApiSchema, components: ComponentTable, path = ''): string[] {
  const s = dereference(schema, components);
  if (s['x-kubernetes-preserve-unknown-fields']) return [];
  if (Array.isArray(value)) {
    const items = s.items;
    return items ? value.flatMap((element, i) => unknownFields(element, items, components, `${path}[${i}]`)) : [];
  }
  if (!isObject(value)) return [];
  const found: string[] = [];
  for (const [member, child] of Object.entries(value)) {
    const memberPath = `${path}.${member}`;
    const declared = s.properties && Object.prototype.hasOwnProperty.call(s.properties, member) ? s.properties[member] : undefined;
    const next = declared ?? s.additionalProperties;
    if (next) found.push(...unknownFields(child, next, components, memberPath));
    else if (s.properties) found.push(memberPath);
  }
  return found;
}
