// Reads a Kubernetes API path: `/api/v1/...` for the core group,
// `/apis/<group>/<version>/...` for the others; then
//   <plural>[/<name>[/<subresource>]]                         cluster-scoped kinds, or every namespace
//   namespaces/<ns>/<plural>[/<name>[/<subresource>]]         namespaced kinds
// `namespaces/<name>[/<subresource>]` is the Namespace itself: no namespaced
// kind is called `status` or `finalize`, so the two readings never collide.
import { ApiError } from '../../api/errors.js';
import { findView, type KindView } from '../../api/kinds/served-versions.js';
import type { ResourceInfo } from '../../api/resources.js';

export interface ResourcePath {
  /** The stored definition: what the registry reads and writes. */
  info: ResourceInfo;
  /** The version the URL names, which the request's bodies and replies speak. */
  view: KindView;
  /** "" for cluster-scoped kinds and for lists across every namespace. */
  namespace: string;
  /** "" for the collection. */
  name: string;
  /** "" for the object itself. */
  subresource: string;
}

const NAMESPACES_SEGMENT = 'namespaces';

/** The path's segments, URL-decoded; undefined when one cannot be decoded or is empty. */
function segmentsOf(pathname: string): string[] | undefined {
  const raw = pathname.split('/').slice(1);
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  const segments: string[] = [];
  for (const part of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(part);
    } catch {
      return undefined;
    }
    if (decoded === '') return undefined;
    segments.push(decoded);
  }
  return segments;
}

/** The group and version a path names, and what follows them. */
function splitGroupVersion(segments: string[]): { group: string; version: string; rest: string[] } | undefined {
  if (segments[0] === 'api' && segments.length >= 2) return { group: '', version: segments[1], rest: segments.slice(2) };
  if (segments[0] === 'apis' && segments.length >= 3) return { group: segments[1], version: segments[2], rest: segments.slice(3) };
  return undefined;
}


/** At most name and subresource after the plural. */
const MAX_TRAILING_SEGMENTS = 2;

function objectPath(view: KindView, namespace: string, trailing: string[]): ResourcePath | undefined {
  if (trailing.length > MAX_TRAILING_SEGMENTS) return undefined;
  return { info: view.stored, view, namespace, name: trailing[0] ?? '', subresource: trailing[1] ?? '' };
}

/** The resource a path addresses, or undefined when it names none Flotilla serves. */
export function parseResourcePath(pathname: string): ResourcePath | undefined {
  const segments = segmentsOf(pathname);
  if (!segments) return undefined;
  const gv = splitGroupVersion(segments);
  if (!gv || gv.rest.length === 0) return undefined;
  const { group, version, rest } = gv;
  if (rest[0] === NAMESPACES_SEGMENT && rest.length >= 3) {
    const namespaced = findView(group, version, rest[2]);
    if (namespaced?.stored.namespaced) return objectPath(namespaced, rest[1], rest.slice(3));
  }
  const view = findView(group, version, rest[0]);
  if (!view) return undefined;
  if (view.stored.namespaced && rest.length > 1) return undefined;
  return objectPath(view, '', rest.slice(1));
}

/** Kubernetes' answer for a path that names no resource or subresource it serves. */
export function pathNotServed(): ApiError {
  return new ApiError('NotFound', 'the server could not find the requested resource');
}
