// The kinds Flotilla serves, with the names kubectl knows them by. This table
// is the single source for routing (apiserver), storage keys and CLI lookup.
import { ApiError } from './errors.js';

export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  /** Lower-case plural: the resource name in URLs, keys and error messages. */
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  /** Has a status subresource: updates ignore status, status updates ignore spec. */
  hasStatus: boolean;
  /** Included in `get all`, as kubectl's "all" category. */
  inAllCategory: boolean;
}

export const RESOURCES: readonly ResourceInfo[] = [
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', singular: 'namespace', shortNames: ['ns'], namespaced: false, hasStatus: true, inAllCategory: false },
  { group: '', version: 'v1', kind: 'Node', plural: 'nodes', singular: 'node', shortNames: ['no'], namespaced: false, hasStatus: true, inAllCategory: false },
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', singular: 'pod', shortNames: ['po'], namespaced: true, hasStatus: true, inAllCategory: true },
  { group: '', version: 'v1', kind: 'Event', plural: 'events', singular: 'event', shortNames: ['ev'], namespaced: true, hasStatus: false, inAllCategory: false },
  { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', singular: 'lease', shortNames: [], namespaced: true, hasStatus: false, inAllCategory: false },
  { group: 'apps', version: 'v1', kind: 'DaemonSet', plural: 'daemonsets', singular: 'daemonset', shortNames: ['ds'], namespaced: true, hasStatus: true, inAllCategory: true },
  { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', singular: 'deployment', shortNames: ['deploy'], namespaced: true, hasStatus: true, inAllCategory: true },
  { group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', singular: 'replicaset', shortNames: ['rs'], namespaced: true, hasStatus: true, inAllCategory: true },
  { group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', singular: 'statefulset', shortNames: ['sts'], namespaced: true, hasStatus: true, inAllCategory: true },
  { group: 'apps', version: 'v1', kind: 'ControllerRevision', plural: 'controllerrevisions', singular: 'controllerrevision', shortNames: [], namespaced: true, hasStatus: false, inAllCategory: false },
];

export function apiVersionOf(info: ResourceInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** `deployments.apps`, `pods`: how kubectl names a resource in messages. */
export function qualifiedResource(info: ResourceInfo): string {
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
  return RESOURCES.find(
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
  const info = RESOURCES.find((r) => r.kind === kind && apiVersionOf(r) === apiVersion);
  if (!info) {
    const sameKind = RESOURCES.find((r) => r.kind === kind);
    const hint = sameKind ? `; ${kind} is served as apiVersion "${apiVersionOf(sameKind)}"` : '';
    throw new ApiError('BadRequest', `no matches for kind "${kind}" in version "${apiVersion}"${hint}`);
  }
  return info;
}
