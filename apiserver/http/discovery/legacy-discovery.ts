// Legacy discovery: APIVersions at /api, APIGroupList at /apis, APIGroup at
// /apis/<group> and an APIResourceList per group-version. kubectl falls back to
// these when a reply is not aggregated, and some commands (`auth can-i`,
// `drain`) read `/api/v1` directly.
import { servedGroups, type ServedGroup, type ServedGroupVersion } from './group-versions.js';
import type { DiscoverableResource, Verb } from './served-resources.js';
import { storageVersionHash } from './storage-version-hash.js';

export interface GroupVersionForDiscovery {
  readonly groupVersion: string;
  readonly version: string;
}

export interface ApiVersions {
  readonly kind: 'APIVersions';
  readonly versions: readonly string[];
  readonly serverAddressByClientCIDRs: readonly { readonly clientCIDR: string; readonly serverAddress: string }[];
}

export interface ApiGroup {
  readonly name: string;
  readonly versions: readonly GroupVersionForDiscovery[];
  readonly preferredVersion: GroupVersionForDiscovery;
}

export interface ApiGroupList {
  readonly kind: 'APIGroupList';
  readonly apiVersion: 'v1';
  readonly groups: readonly ApiGroup[];
}

export interface ApiResource {
  readonly name: string;
  readonly singularName: string;
  readonly namespaced: boolean;
  /** Only when the resource's kind is in another group-version (a deployment's Scale). */
  readonly group?: string;
  readonly version?: string;
  readonly kind: string;
  readonly verbs: readonly Verb[];
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  readonly storageVersionHash?: string;
}

export interface ApiResourceList {
  readonly kind: 'APIResourceList';
  /** Absent on /api/v1, as the core group's list has always been served without it. */
  readonly apiVersion?: 'v1';
  readonly groupVersion: string;
  readonly resources: readonly ApiResource[];
}

function versionEntry(v: ServedGroupVersion<DiscoverableResource>): GroupVersionForDiscovery {
  return { groupVersion: v.groupVersion, version: v.version };
}

function apiGroupOf(group: ServedGroup<DiscoverableResource>): ApiGroup {
  const versions = group.versions.map(versionEntry);
  const preferred = versions[0];
  if (!preferred) throw new Error(`group ${group.name} serves no version`);
  return { name: group.name, versions, preferredVersion: preferred };
}

/** `/api`: the core group's versions and where clients reach the server. */
export function apiVersions(kinds: readonly DiscoverableResource[], serverAddress: string): ApiVersions {
  const core = servedGroups(kinds).find((g) => g.name === '');
  return {
    kind: 'APIVersions',
    versions: core ? core.versions.map((v) => v.version) : [],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** `/apis`: the named groups; the core group is not among them. */
export function apiGroupList(kinds: readonly DiscoverableResource[]): ApiGroupList {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: servedGroups(kinds)
      .filter((g) => g.name !== '')
      .map(apiGroupOf),
  };
}

/** `/apis/<group>`, or undefined for a group not served. */
export function apiGroup(kinds: readonly DiscoverableResource[], name: string): (ApiGroup & { kind: 'APIGroup'; apiVersion: 'v1' }) | undefined {
  const group = servedGroups(kinds).find((g) => g.name === name && name !== '');
  return group ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroupOf(group) } : undefined;
}

function resourcesOf(gv: ServedGroupVersion<DiscoverableResource>): ApiResource[] {
  const entries: ApiResource[] = [];
  for (const served of gv.resources) {
    const d = served.definition;
    entries.push({
      name: d.plural,
      singularName: d.singular,
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: served.verbs,
      ...(d.shortNames.length > 0 ? { shortNames: d.shortNames } : {}),
      ...(d.categories.length > 0 ? { categories: d.categories } : {}),
      // Resources computed on request have no stored version to hash.
      ...(d.verbs ? {} : { storageVersionHash: storageVersionHash(d.group, d.version, d.kind) }),
    });
    for (const sub of served.subresources) {
      const foreign = sub.kind.group !== d.group || sub.kind.version !== d.version;
      entries.push({
        name: `${d.plural}/${sub.name}`,
        singularName: '',
        namespaced: d.namespaced,
        ...(foreign ? { group: sub.kind.group, version: sub.kind.version } : {}),
        kind: sub.kind.kind,
        verbs: sub.verbs,
      });
    }
  }
  return entries;
}

/** `/api/v1` or `/apis/<group>/<version>`, or undefined for a group-version not served. */
export function apiResourceList(kinds: readonly DiscoverableResource[], group: string, version: string): ApiResourceList | undefined {
  const gv = servedGroups(kinds)
    .find((g) => g.name === group)
    ?.versions.find((v) => v.version === version);
  if (!gv) return undefined;
  return {
    kind: 'APIResourceList',
    ...(group === '' ? {} : { apiVersion: 'v1' as const }),
    groupVersion: gv.groupVersion,
    resources: resourcesOf(gv),
  };
}
