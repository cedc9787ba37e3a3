// What the HTTP API serves for each kind: its verbs and subresources, as
// discovery and OpenAPI both describe them. Kept in one place so the two
// documents never disagree about what a resource supports.
import type { KindDefinition } from '../../../api/kinds/kind-definition.js';
import type { GroupVersionKind } from '../../../api/openapi/schema.js';

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

/** Every served kind supports the full set, sorted as Kubernetes lists them. */
export const RESOURCE_VERBS: readonly Verb[] = Object.freeze(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);

const READ_WRITE: readonly Verb[] = Object.freeze(['get', 'patch', 'update']);

export interface ServedSubresource {
  /** `status`, `scale`, `log`: the last segment of the URL. */
  readonly name: string;
  /** What a request to it sends or returns, which may be another kind (Scale, Binding). */
  readonly kind: GroupVersionKind;
  readonly verbs: readonly Verb[];
}

/**
 * What discovery needs of a resource: a stored kind's definition, or a
 * read-only resource computed on request (metrics.k8s.io) that names its
 * own verbs and has no storage version.
 */
export interface DiscoverableResource extends Pick<KindDefinition, 'group' | 'version' | 'kind' | 'plural' | 'singular' | 'shortNames' | 'categories' | 'namespaced' | 'subresources'> {
  /** Absent for stored kinds, which serve every verb. */
  readonly verbs?: readonly Verb[];
}

export interface ServedResource<D extends DiscoverableResource = KindDefinition> {
  readonly definition: D;
  readonly verbs: readonly Verb[];
  /** Sorted by name, as discovery lists `pods/attach` before `pods/status`. */
  readonly subresources: readonly ServedSubresource[];
}

export const SCALE_KIND: GroupVersionKind = Object.freeze({ group: 'autoscaling', version: 'v1', kind: 'Scale' });

export function kindOf(definition: DiscoverableResource): GroupVersionKind {
  return { group: definition.group, version: definition.version, kind: definition.kind };
}

export function servedResource<D extends DiscoverableResource>(definition: D): ServedResource<D> {
  const subresources: ServedSubresource[] = [];
  if (definition.subresources.status) subresources.push({ name: 'status', kind: kindOf(definition), verbs: READ_WRITE });
  if (definition.subresources.scale) subresources.push({ name: 'scale', kind: SCALE_KIND, verbs: READ_WRITE });
  for (const handled of definition.subresources.handled ?? []) {
    subresources.push({ name: handled.name, kind: handled.kind ?? kindOf(definition), verbs: handled.verbs });
  }
  for (const slice of definition.subresources.statusSlices ?? []) subresources.push({ name: slice.name, kind: kindOf(definition), verbs: READ_WRITE });
  subresources.sort((a, b) => compareStrings(a.name, b.name));
  return Object.freeze({ definition, verbs: definition.verbs ?? RESOURCE_VERBS, subresources: Object.freeze(subresources) });
}

/** Code-unit order, as Go's sort.Strings: independent of the host's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
