// Finding a served kind by the names kubectl knows it by (kind, plural,
// singular, short name, `.group`) or by a manifest's apiVersion and kind.
// The kinds themselves are defined in api/kinds/.
import { ApiError } from './errors.js';
import type { KindDefinition } from './kinds/kind-definition.js';
import { KINDS } from './kinds/registry.js';
import type { KubeObject } from './types/meta.js';

/** A served kind as routing, storage and clients see it: its whole definition. */
export type ResourceInfo<T extends KubeObject = KubeObject> = KindDefinition<T>;

export const RESOURCES: readonly ResourceInfo[] = KINDS;

export { resources } from './kinds/registry.js';
export type { KindDefinition, ScaleSubresource } from './kinds/kind-definition.js';

export function apiVersionOf(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** `deployments.apps`, `pods`: how kubectl names a resource in messages. */
export function qualifiedResource(info: Pick<ResourceInfo, 'group' | 'plural'>): string {
  return info.group ? `${info.plural}.${info.group}` : info.plural;
}

/** Resolves what a user or client typed: kind, plural, singular, short name, optionally `.group`. */
export function findResource(name: string, group?: string): ResourceInfo | undefined {
  let wanted = name.toLowerCase();
  let wantedGroup = group;
  if (wantedGroup === undefined && wanted.includes('.')) {
    const dot = wanted.indexOf('.');
    wantedGroup = wanted.slice(dot + 1);
    wanted = wanted.slice(0, dot);
  }
  return KINDS.find(
    (r) =>
      (wantedGroup === undefined || wantedGroup === '' || r.group === wantedGroup) &&
      (r.plural === wanted || r.singular === wanted || r.kind.toLowerCase() === wanted || r.shortNames.includes(wanted)),
  );
}

export function resolveResource(name: string, group?: string): ResourceInfo {
  const info = findResource(name, group);
  if (!info) {
    throw new ApiError('NotFound', `the server doesn't have a resource type "${name}"`);
  }
  return info;
}

/** Finds the resource for an object's apiVersion and kind, as a manifest names them. */
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo {
  const info = KINDS.find((r) => r.kind === kind && apiVersionOf(r) === apiVersion);
  if (!info) {
    const sameKind = KINDS.find((r) => r.kind === kind);
    const hint = sameKind ? `; ${kind} is served as apiVersion "${apiVersionOf(sameKind)}"` : '';
    throw new ApiError('BadRequest', `no matches for kind "${kind}" in version "${apiVersion}"${hint}`);
  }
  return info;
}

/** Whether two definitions name the same resource (identity of group and plural). */
export function isResource(info: Pick<ResourceInfo, 'group' | 'plural'>, handle: Pick<ResourceInfo, 'group' | 'plural'>): boolean {
  return info.group === handle.group && info.plural === handle.plural;
}
