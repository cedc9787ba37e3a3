// Whether two patch schemas patch alike. Two schemas may differ in shape (one
// lists a replaced list, the other leaves it to the default) and still produce
// the same patches; what matters is the list strategy and retainKeys the
// patch code reads at every path either of them mentions.
import { fieldAt, listStrategyOf, type PatchSchema } from './patch-schema.js';

/** Every path of member names a schema has an entry for. */
export function patchSchemaPaths(schema: PatchSchema, prefix: readonly string[] = []): string[][] {
  return Object.entries(schema.fields).flatMap(([name, field]) => {
    const path = [...prefix, name];
    return [path, ...(field.schema ? patchSchemaPaths(field.schema, path) : [])];
  });
}

function describe(schema: PatchSchema, path: readonly string[]): string {
  const field = fieldAt(schema, path);
  const strategy = listStrategyOf(field);
  const list = strategy.kind === 'merge-by-key' ? `merge by ${strategy.mergeKey}` : strategy.kind;
  return field?.retainKeys === true ? `${list}, retainKeys` : list;
}

/**
 * The paths where `actual` patches differently from `expected`, as
 * `spec.volumes: expected merge by name, retainKeys, got replace`; empty when they patch alike.
 */
export function patchSchemaDifferences(expected: PatchSchema, actual: PatchSchema): string[] {
  const seen = new Set<string>();
  const differences: string[] = [];
  for (const path of [...patchSchemaPaths(expected), ...patchSchemaPaths(actual)]) {
    const dotted = path.join('.');
    if (seen.has(dotted)) continue;
    seen.add(dotted);
    const want = describe(expected, path);
    const got = describe(actual, path);
    if (want !== got) differences.push(`${dotted}: expected ${want}, got ${got}`);
  }
  return differences;
}
