// Which verb an HTTP method means on a resource path (get, list, watch, create,
// update, patch, delete, deletecollection and the subresources' own), as
// kube-apiserver's request info names them; 404 and 405 where nothing is served.
import { badRequest, methodNotAllowed } from '../../api/errors.js';
import { isResource, qualifiedResource, resources } from '../../api/resources.js';
import { boolParam } from './query-options.js';
import { pathNotServed, type ResourcePath } from './resource-path.js';

export const STATUS_SUBRESOURCE = 'status';
const BINDING_SUBRESOURCE = 'binding';
const SCALE_SUBRESOURCE = 'scale';
const EVICTION_SUBRESOURCE = 'eviction';
/** Pods' streaming subresources: served only as protocol upgrades (apiserver/http/pod-streams/). */
const UPGRADE_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection' | 'bind' | 'evict';
export type SubresourceVerb = 'getScale' | 'updateScale' | 'patchScale' | 'updateSlice' | 'patchSlice';

/** How the metrics name the verbs that are subresource calls, as Kubernetes' audit does. */
export const METER_VERBS: Partial<Record<Verb | SubresourceVerb, string>> = {
  bind: 'create', evict: 'create', getScale: 'get', updateScale: 'update', patchScale: 'patch', updateSlice: 'update', patchSlice: 'patch',
};

/** Which verb a method means on a path, or an error: 404 for a subresource nobody serves, 405 for a method the path lacks. */
export function verbFor(method: string, path: ResourcePath, query: URLSearchParams): Verb | SubresourceVerb {
  const { info, namespace, name, subresource } = path;
  const refuse = (): never => {
    throw methodNotAllowed(`the server does not allow this method on the requested resource (${method} ${describe(path)})`);
  };
  if (subresource === STATUS_SUBRESOURCE && info.subresources.status) {
    if (method === 'GET') return 'get';
    if (method === 'PUT') return 'update';
    if (method === 'PATCH') return 'patch';
    return refuse();
  }
  if (subresource === SCALE_SUBRESOURCE && info.subresources.scale) {
    if (method === 'GET') return 'getScale';
    if (method === 'PUT') return 'updateScale';
    if (method === 'PATCH') return 'patchScale';
    return refuse();
  }
  if (info.subresources.statusSlices?.some((slice) => slice.name === subresource)) {
    if (method === 'GET') return 'get';
    if (method === 'PUT') return 'updateSlice';
    if (method === 'PATCH') return 'patchSlice';
    return refuse();
  }
  if (UPGRADE_SUBRESOURCES.has(subresource) && isResource(info, resources.pods)) throw badRequest('Upgrade request required');
  if (subresource === BINDING_SUBRESOURCE && isResource(info, resources.pods)) return method === 'POST' ? 'bind' : refuse();
  if (subresource === EVICTION_SUBRESOURCE && isResource(info, resources.pods)) return method === 'POST' ? 'evict' : refuse();
  if (subresource !== '') throw pathNotServed();
  if (name === '') {
    const everyNamespace = info.namespaced && namespace === '';
    if (method === 'GET') return boolParam(query, 'watch') ? 'watch' : 'list';
    if (method === 'POST' && !everyNamespace) return 'create';
    // Kubernetes offers no deletecollection on namespaces: one request would empty the cluster.
    if (method === 'DELETE' && !everyNamespace && !isResource(info, resources.namespaces)) return 'deletecollection';
    return refuse();
  }
  if (method === 'GET') return 'get';
  if (method === 'PUT') return 'update';
  if (method === 'PATCH') return 'patch';
  if (method === 'DELETE') return 'delete';
  return refuse();
}

function describe(path: ResourcePath): string {
  const parts = [qualifiedResource(path.info)];
  if (path.name) parts.push(path.name);
  if (path.subresource) parts.push(path.subresource);
  return parts.join('/');
}
