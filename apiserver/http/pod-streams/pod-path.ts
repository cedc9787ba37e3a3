// Which pod subresource a request path names: the core group's
// /api/v1/namespaces/<ns>/pods/<name>/<subresource>, with percent-escapes decoded.
import { ApiError } from '../../../api/errors.js';

export interface PodSubresourcePath {
  namespace: string;
  name: string;
  subresource: string;
}

const POD_SUBRESOURCE = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/([^/]+)\/?$/;

/** The parts of a pod subresource path, or undefined for any other path (or an undecodable one). */
export function parsePodSubresourcePath(pathname: string): PodSubresourcePath | undefined {
  const match = POD_SUBRESOURCE.exec(pathname);
  if (!match) return undefined;
  try {
    return { namespace: decodeURIComponent(match[1]), name: decodeURIComponent(match[2]), subresource: decodeURIComponent(match[3]) };
  } catch {
    return undefined;
  }
}

/** Kubernetes' answer to a method a subresource does not take. */
export function methodNotAllowed(): ApiError {
  return new ApiError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
}
