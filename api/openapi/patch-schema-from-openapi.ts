// Strategic-merge metadata read off the OpenAPI schema, the way kubectl and
// the apiserver read it off Kubernetes' published schemas: the
// x-kubernetes-patch-strategy and x-kubernetes-patch-merge-key extensions are
// the only source, so a kind's patch behaviour and what it publishes cannot drift.
//
// Output shape: every list member gets an entry ('merge' or 'replace'); an
// object member gets one only when something under it is a list or keeps keys.
// Replaced lists are not descended into, since their elements are never merged.
import type { FieldSchema, PatchSchema } from '../patch/patch-schema.js';
import { dereference, referencedName } from './refs.js';
import type { ComponentTable, OpenApiSchema } from './schema.js';

type Fields = Readonly<Record<string, FieldSchema>>;

/** The strategies named on a member, on the property itself and on every reference it goes through. */
function strategiesOf(property: OpenApiSchema, components: ComponentTable): Set<string> {
  const found = new Set<string>();
  let current: OpenApiSchema | undefined = property;
  const seen = new Set<string>();
  while (current) {
    for (const s of (current['x-kubernetes-patch-strategy'] ?? '').split(',')) if (s) found.add(s.trim());
    const name = referencedName(current);
    if (name === undefined || seen.has(name)) break;
    seen.add(name);
    current = components[name];
  }
  return found;
}

function mergeKeyOf(property: OpenApiSchema, target: OpenApiSchema): string | undefined {
  return property['x-kubernetes-patch-merge-key'] ?? target['x-kubernetes-patch-merge-key'];
}

class Deriver {
  /** Derived fields per component, since PodSpec is reached from every workload. */
  private readonly memo = new Map<string, Fields>();
  /**
   * The entry for a member that refers to a component, per component and
   * retainKeys: every pod template's `spec` is the very entry of Pod's `spec`.
   */
  private readonly objectFields = new Map<string, FieldSchema | undefined>();
  /** Components being derived, so a recursive schema ends instead of looping. */
  private readonly active = new Set<string>();
  private cutCycle = false;

  constructor(private readonly components: ComponentTable) {}

  fieldsOf(schema: OpenApiSchema): Fields {
    const name = referencedName(schema);
    if (name === undefined) return this.fieldsOfObject(dereference(schema, this.components));
    const cached = this.memo.get(name);
    if (cached) return cached;
    if (this.active.has(name)) {
      this.cutCycle = true;
      return {};
    }
    this.active.add(name);
    const { value, cut } = this.tracking(() => this.fieldsOfObject(dereference(schema, this.components)));
    this.active.delete(name);
    if (!cut) this.memo.set(name, value);
    return value;
  }

  /**
   * Runs `derive`, telling whether it cut a reference cycle short: such a result
   * depends on where the walk entered the cycle, so it is not remembered.
   */
  private tracking<T>(derive: () => T): { value: T; cut: boolean } {
    const outer = this.cutCycle;
    this.cutCycle = false;
    const value = derive();
    const cut = this.cutCycle;
    this.cutCycle = outer || cut;
    return { value, cut };
  }

  private fieldsOfObject(schema: OpenApiSchema): Fields {
    const fields: Record<string, FieldSchema> = {};
    for (const [member, property] of Object.entries(schema.properties ?? {})) {
      const field = this.fieldFor(property);
      if (field) fields[member] = field;
    }
    return Object.freeze(fields);
  }

  private fieldFor(property: OpenApiSchema): FieldSchema | undefined {
    const strategies = strategiesOf(property, this.components);
    const retainKeys = strategies.has('retainKeys');
    const target = dereference(property, this.components);
    if (target.type === 'array') return this.listField(property, target, strategies.has('merge'), retainKeys);
    if (target.properties === undefined) return retainKeys ? freeze({ retainKeys }) : undefined;
    const name = referencedName(property);
    if (name === undefined) return this.objectField(property, retainKeys);
    const key = `${name}\u0000${retainKeys}`;
    if (this.objectFields.has(key)) return this.objectFields.get(key);
    const { value, cut } = this.tracking(() => this.objectField(property, retainKeys));
    if (!cut) this.objectFields.set(key, value);
    return value;
  }

  private objectField(property: OpenApiSchema, retainKeys: boolean): FieldSchema | undefined {
    const fields = this.fieldsOf(property);
    if (Object.keys(fields).length === 0 && !retainKeys) return undefined;
    return freeze({
      ...(Object.keys(fields).length > 0 ? { schema: { fields } } : {}),
      ...(retainKeys ? { retainKeys } : {}),
    });
  }

  private listField(property: OpenApiSchema, list: OpenApiSchema, merge: boolean, retainKeys: boolean): FieldSchema {
    const keep = retainKeys ? { retainKeys } : {};
    if (!merge) return freeze({ list: 'replace', ...keep });
    const mergeKey = mergeKeyOf(property, list);
    if (mergeKey === undefined || !list.items) return freeze({ list: 'merge', ...keep });
    return freeze({ list: 'merge', mergeKey, schema: { fields: this.fieldsOf(list.items) }, ...keep });
  }
}

function freeze(field: FieldSchema): FieldSchema {
  if (field.schema) Object.freeze(field.schema);
  return Object.freeze(field);
}

/** One deriver per component table, so kinds sharing components share their entries too. */
const derivers = new WeakMap<ComponentTable, Deriver>();

function deriverFor(components: ComponentTable): Deriver {
  let deriver = derivers.get(components);
  if (!deriver) {
    deriver = new Deriver(components);
    derivers.set(components, deriver);
  }
  return deriver;
}

/** The patch schema of the component named `root` (a kind's root, e.g. `io.k8s.api.apps.v1.Deployment`). */
export function patchSchemaFromOpenApi(root: string, components: ComponentTable): PatchSchema {
  const schema = Object.prototype.hasOwnProperty.call(components, root) ? components[root] : undefined;
  if (!schema) throw new Error(`no component ${root}`);
  return Object.freeze({ fields: deriverFor(components).fieldsOf(schema) });
}
