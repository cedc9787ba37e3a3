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

export interface ServedResource {
  readonly definition: KindDefinition;
  readonly verbs: readonly Verb[];
  /** Sorted by name, as discovery lists `pods/attach` before `pods/status`. */
  readonly subresources: readonly ServedSubresource[];
}

export const SCALE_KIND: GroupVersionKind = Object.freeze({ group: 'autoscaling', version: 'v1', kind: 'Scale' });

export function kindOf(definition: KindDefinition): GroupVersionKind {
  return { group: definition.group, version: definition.version, kind: definition.kind };
}

/**
 * The pod's own subresources, served by the streaming and binding handlers
 * rather than declared by the kind. Only what is actually served is listed:
 * kubectl then falls back cleanly (drain deletes instead of evicting, since
 * there is no pods/eviction).
 */
function podSubresources(definition: KindDefinition): ServedSubresource[] {
  const core = (kind: string): GroupVersionKind => ({ group: '', version: 'v1', kind });
  return [
    { name: 'attach', kind: core('PodAttachOptions'), verbs: ['create', 'get'] },
    { name: 'binding', kind: core('Binding'), verbs: ['create'] },
    { name: 'exec', kind: core('PodExecOptions'), verbs: ['create', 'get'] },
    { name: 'log', kind: kindOf(definition), verbs: ['get'] },
    { name: 'portforward', kind: core('PodPortForwardOptions'), verbs: ['create', 'get'] },
  ];
}

function isCorePods(definition: KindDefinition): boolean {
  return definition.group === '' && definition.version === 'v1' && definition.plural === 'pods';
}

export function servedResource(definition: KindDefinition): ServedResource {
  const subresources: ServedSubresource[] = [];
  if (definition.subresources.status) subresources.push({ name: 'status', kind: kindOf(definition), verbs: READ_WRITE });
  if (definition.subresources.scale) subresources.push({ name: 'scale', kind: SCALE_KIND, verbs: READ_WRITE });
  if (isCorePods(definition)) subresources.push(...podSubresources(definition));
  subresources.sort((a, b) => compareStrings(a.name, b.name));
  return Object.freeze({ definition, verbs: RESOURCE_VERBS, subresources: Object.freeze(subresources) });
}

/** Code-unit order, as Go's sort.Strings: independent of the host's locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
