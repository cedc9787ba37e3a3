// The served kinds arranged as the API presents them: the core group under
// /api, named groups under /apis, each group's versions in order of preference.
import type { KindDefinition } from '../../../api/kinds/kind-definition.js';
import { compareStrings, servedResource, type DiscoverableResource, type ServedResource } from './served-resources.js';

export interface ServedGroupVersion<D extends DiscoverableResource = KindDefinition> {
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  /** `apps/v1`, or `v1` for the core group. */
  readonly groupVersion: string;
  /** Sorted by plural. */
  readonly resources: readonly ServedResource<D>[];
}

export interface ServedGroup<D extends DiscoverableResource = KindDefinition> {
  readonly name: string;
  /** Most preferred first: the first entry is the preferred version. */
  readonly versions: readonly ServedGroupVersion<D>[];
}

const VERSION_PATTERN = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/**
 * Kubernetes' version priority: GA before beta before alpha, higher numbers
 * first, anything unrecognised last in plain order.
 */
export function compareVersionPriority(a: string, b: string): number {
  const rank = (v: string): [number, number, number] | undefined => {
    const m = VERSION_PATTERN.exec(v);
    if (!m) return undefined;
    const stability = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
    return [stability, Number(m[1]), Number(m[3] ?? 0)];
  };
  const ra = rank(a);
  const rb = rank(b);
  if (ra && rb) {
    for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return (rb[i] ?? 0) - (ra[i] ?? 0);
    return 0;
  }
  if (ra) return -1;
  if (rb) return 1;
  return compareStrings(a, b);
}

export function groupVersionString(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** Groups sorted by name (the core group, "", first), versions by preference. */
export function servedGroups<D extends DiscoverableResource>(kinds: readonly D[]): ServedGroup<D>[] {
  const byGroup = new Map<string, Map<string, ServedResource<D>[]>>();
  const seen = new Set<string>();
  for (const kind of kinds) {
    const key = `${kind.group}/${kind.version}/${kind.plural}`;
    // Two definitions of one resource would make discovery depend on list order.
    if (seen.has(key)) throw new Error(`resource ${key} is defined twice`);
    seen.add(key);
    const versions = byGroup.get(kind.group) ?? new Map<string, ServedResource<D>[]>();
    byGroup.set(kind.group, versions);
    const resources = versions.get(kind.version) ?? [];
    versions.set(kind.version, resources);
    resources.push(servedResource(kind));
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([name, versions]) => ({
      name,
      versions: [...versions.entries()]
        .sort(([a], [b]) => compareVersionPriority(a, b))
        .map(([version, resources]) => ({
          group: name,
          version,
          groupVersion: groupVersionString(name, version),
          resources: [...resources].sort((a, b) => compareStrings(a.definition.plural, b.definition.plural)),
        })),
    }));
}
