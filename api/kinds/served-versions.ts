// Every version the API serves of every kind: the stored one, then those a
// kind converts (KindDefinition.alsoServed). A view names what a request in
// that version sees (version, schema, strategic-merge keys) and how its
// objects convert to and from the stored form; storage, validation and
// defaults always work on the stored definition.
import type { KubeObject } from '../types/meta.js';
import type { KindDefinition, ServedVersion } from './kind-definition.js';
import { KINDS } from './registry.js';

export interface KindView {
  /** The kind as this version publishes it: the stored definition with this version's name, schema and patch keys. */
  readonly definition: KindDefinition;
  /** The definition storage, defaults and validation use. */
  readonly stored: KindDefinition;
  /** False for the stored version, whose objects pass unchanged. */
  readonly converted: boolean;
  fromStored(obj: KubeObject): KubeObject;
  toStored(obj: KubeObject): KubeObject;
}

const unchanged = (obj: KubeObject): KubeObject => obj;

export function storedView(kind: KindDefinition): KindView {
  return Object.freeze({ definition: kind, stored: kind, converted: false, fromStored: unchanged, toStored: unchanged });
}

function convertedView(kind: KindDefinition, served: ServedVersion): KindView {
  const definition: KindDefinition = Object.freeze({ ...kind, version: served.version, schema: served.schema, patchSchema: served.patchSchema, alsoServed: undefined });
  return Object.freeze({ definition, stored: kind, converted: true, fromStored: served.fromStored, toStored: served.toStored });
}

export function kindViews(kinds: readonly KindDefinition[]): KindView[] {
  return kinds.flatMap((kind) => [storedView(kind), ...(kind.alsoServed ?? []).map((served) => convertedView(kind, served))]);
}

/** Every served kind in every version, as discovery and OpenAPI publish them. */
export const SERVED_VIEWS: readonly KindView[] = kindViews(KINDS);
export const SERVED_DEFINITIONS: readonly KindDefinition[] = SERVED_VIEWS.map((v) => v.definition);

/** The view a URL's group, version and plural name. */
export function findView(group: string, version: string, plural: string): KindView | undefined {
  return SERVED_VIEWS.find((v) => v.definition.group === group && v.definition.version === version && v.definition.plural === plural);
}
