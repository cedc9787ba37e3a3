// Merging an applied configuration into the live object, following the
// schema: granular maps member by member, list-maps and sets item by item,
// everything atomic replaced whole. Shared items take the configuration's
// order; items only the live object has keep their place among them.
// A null in the configuration clears the member.
import { isPlainObject, setOwn } from '../json-value.js';
import { indexItems, itemElement } from './list-items.js';
import { concrete, type FieldType, type ListType, type MapType } from './schema-type.js';

function mergeValue(live: unknown, config: unknown, type: FieldType): unknown {
  if (config === undefined) return structuredClone(live);
  if (live === undefined || live === null || config === null) return structuredClone(config);
  const t = concrete(type, config);
  if (t.kind === 'list' && t.list !== 'atomic' && Array.isArray(live) && Array.isArray(config)) return mergeList(live, config, t);
  if (t.kind === 'map' && !t.atomic && isPlainObject(live) && isPlainObject(config)) return mergeMap(live, config, t);
  return structuredClone(config);
}

function mergeMap(live: Record<string, unknown>, config: Record<string, unknown>, t: MapType): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(live)) setOwn(out, name, structuredClone(value));
  for (const [name, value] of Object.entries(config)) {
    if (value === null) {
      delete out[name];
      continue;
    }
    const current = Object.prototype.hasOwnProperty.call(live, name) ? live[name] : undefined;
    setOwn(out, name, mergeValue(current, value, t.member(name)));
  }
  return out;
}

function mergeList(live: readonly unknown[], config: readonly unknown[], t: ListType): unknown[] {
  const configItems = indexItems(t, config);
  const liveItems = indexItems(t, live);
  const configOrder = [...configItems.keys()];
  const out: unknown[] = [];
  const emitted = new Set<string>();
  let next = 0;
  const emitConfigUpTo = (element: string): void => {
    while (next < configOrder.length) {
      const current = configOrder[next++];
      if (!emitted.has(current)) {
        emitted.add(current);
        out.push(mergeValue(liveItems.get(current), configItems.get(current), t.item));
      }
      if (current === element) return;
    }
  };
  for (const item of live) {
    const element = itemElement(t, item);
    if (emitted.has(element)) continue;
    if (configItems.has(element)) {
      emitConfigUpTo(element);
    } else {
      emitted.add(element);
      out.push(structuredClone(item));
    }
  }
  emitConfigUpTo('');
  return out;
}

/** The live object with the configuration merged in (a new value; neither input changes). */
export function mergeConfiguration<T>(live: T, config: unknown, type: FieldType): T {
  return mergeValue(live, config, type) as T;
}
