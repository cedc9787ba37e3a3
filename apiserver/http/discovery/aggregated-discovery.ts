// Aggregated discovery (apidiscovery.k8s.io): every group, version and
// resource in one document, so kubectl learns the whole API in two requests
// (`GET /api`, `GET /apis`) instead of one per group-version. kubectl 1.30+
// asks for v2 first; 1.27-1.29 know only v2beta1. Both carry the same shape.
import type { GroupVersionKind } from '../../../api/openapi/schema.js';
import { servedGroups, type ServedGroup } from './group-versions.js';
import { kindOf, type DiscoverableResource, type ServedResource, type Verb } from './served-resources.js';

export type AggregatedDiscoveryVersion = 'v2' | 'v2beta1';

export const AGGREGATED_DISCOVERY_VERSIONS: readonly AggregatedDiscoveryVersion[] = ['v2', 'v2beta1'];

export const AGGREGATED_DISCOVERY_GROUP = 'apidiscovery.k8s.io';

/** The Content-Type client-go requires before it parses a reply as aggregated (g, v and as, exactly). */
export function aggregatedDiscoveryContentType(version: AggregatedDiscoveryVersion): string {
  return `application/json;g=${AGGREGATED_DISCOVERY_GROUP};v=${version};as=APIGroupDiscoveryList`;
}

export interface ApiSubresourceDiscovery {
  readonly subresource: string;
  readonly responseKind: GroupVersionKind;
  readonly verbs: readonly Verb[];
}

export interface ApiResourceDiscovery {
  readonly resource: string;
  readonly responseKind: GroupVersionKind;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly singularResource: string;
  readonly verbs: readonly Verb[];
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly subresources?: readonly ApiSubresourceDiscovery[];
}

export interface ApiVersionDiscovery {
  readonly version: string;
  readonly resources: readonly ApiResourceDiscovery[];
  /** Always Current: every resource is served by this process, none by an unreachable aggregated server. */
  readonly freshness: 'Current';
}

export interface ApiGroupDiscovery {
  /** The group's name; absent for the core group, as Go omits an empty name. */
  readonly metadata: { readonly name?: string };
  readonly versions: readonly ApiVersionDiscovery[];
}

export interface ApiGroupDiscoveryList {
  readonly kind: 'APIGroupDiscoveryList';
  readonly apiVersion: string;
  readonly metadata: Record<string, never>;
  readonly items: readonly ApiGroupDiscovery[];
}

/** Which document: `/api` (the core group alone) or `/apis` (every named group). */
export type DiscoveryRoot = 'api' | 'apis';

function resourceDiscovery(served: ServedResource<DiscoverableResource>): ApiResourceDiscovery {
  const d = served.definition;
  return {
    resource: d.plural,
    responseKind: kindOf(d),
    scope: d.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: d.singular,
    verbs: served.verbs,
    // Empty lists are left out, as Go's omitempty does.
    ...(d.shortNames.length > 0 ? { shortNames: d.shortNames } : {}),
    ...(d.categories.length > 0 ? { categories: d.categories } : {}),
    ...(served.subresources.length > 0
      ? { subresources: served.subresources.map((s) => ({ subresource: s.name, responseKind: s.kind, verbs: s.verbs })) }
      : {}),
  };
}

function groupDiscovery(group: ServedGroup<DiscoverableResource>): ApiGroupDiscovery {
  return {
    metadata: group.name === '' ? {} : { name: group.name },
    versions: group.versions.map((v) => ({ version: v.version, resources: v.resources.map(resourceDiscovery), freshness: 'Current' })),
  };
}

export function aggregatedDiscovery(
  kinds: readonly DiscoverableResource[],
  root: DiscoveryRoot,
  version: AggregatedDiscoveryVersion,
): ApiGroupDiscoveryList {
  const groups = servedGroups(kinds).filter((g) => (root === 'api') === (g.name === ''));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `${AGGREGATED_DISCOVERY_GROUP}/${version}`,
    metadata: {},
    items: groups.map(groupDiscovery),
  };
}
