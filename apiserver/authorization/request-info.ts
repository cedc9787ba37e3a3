// The attributes of an HTTP request, as kube-apiserver's RequestInfoFactory
// reads them: paths under /api/<version> and /apis/<group>/<version> are
// resource requests (verb from the method, GET on a collection being list or
// watch, DELETE on one deletecollection), everything else is a non-resource
// path whose verb is the lower-cased method.
import type { Attributes, UserInfo } from './attributes.js';

const METHOD_VERBS: Readonly<Record<string, string>> = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };
/** Subresources of a Namespace: `/namespaces/<ns>/status` is the namespace's status, not a resource called status. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
/** The old `/api/v1/watch/...` form: the verb is watch whatever the method. */
const WATCH_PREFIX = 'watch';
/** `metadata.name=x` or `metadata.name==x`, never `!=`. */
const NAME_TERM = /^\s*metadata\.name\s*==?\s*(.*?)\s*$/;

function decodedSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

/** `metadata.name=x` (or `==`) in a field selector names one object, as a list of one. */
export function nameFromFieldSelector(selector: string | null): string {
  for (const term of (selector ?? '').split(',')) {
    const match = NAME_TERM.exec(term);
    if (match) return match[1];
  }
  return '';
}

export function requestAttributes(method: string, url: URL, user: UserInfo): Attributes {
  const segments = decodedSegments(url.pathname);
  const nonResource: Attributes = { kind: 'nonResource', user, verb: method.toLowerCase(), path: url.pathname };
  let rest: string[];
  let apiGroup = '';
  let apiVersion: string;
  if (segments[0] === 'api' && segments.length >= 3) {
    apiVersion = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    apiGroup = segments[1];
    apiVersion = segments[2];
    rest = segments.slice(3);
  } else {
    return nonResource;
  }
  let verb = METHOD_VERBS[method.toUpperCase()] ?? method.toLowerCase();
  if (rest[0] === WATCH_PREFIX) {
    verb = 'watch';
    rest = rest.slice(1);
  }
  let namespace = '';
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) rest = rest.slice(2);
  }
  const [resource = '', pathName = '', subresource = ''] = rest;
  let name = pathName;
  if (name === '' && verb === 'get') {
    const watch = url.searchParams.get('watch');
    verb = watch === 'true' || watch === '1' ? 'watch' : 'list';
  } else if (name === '' && verb === 'delete') {
    verb = 'deletecollection';
  }
  if (name === '' && (verb === 'list' || verb === 'watch')) name = nameFromFieldSelector(url.searchParams.get('fieldSelector'));
  return { kind: 'resource', user, verb, apiGroup, apiVersion, resource, subresource, namespace, name };
}
