// The 403 of a refused request, worded as kube-apiserver words it:
// `pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"`.
import { ApiError, forbidden } from '../../api/errors.js';
import type { Attributes } from './attributes.js';

export function forbiddenReason(attrs: Attributes): string {
  const who = `User ${JSON.stringify(attrs.user.name)}`;
  if (attrs.kind === 'nonResource') return `${who} cannot ${attrs.verb} path ${JSON.stringify(attrs.path)}`;
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const where = attrs.namespace ? `in the namespace ${JSON.stringify(attrs.namespace)}` : 'at the cluster scope';
  return `${who} cannot ${attrs.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.apiGroup)} ${where}`;
}

export function forbiddenError(attrs: Attributes, reason = ''): ApiError {
  const why = reason ? `${forbiddenReason(attrs)}: ${reason}` : forbiddenReason(attrs);
  if (attrs.kind === 'nonResource') return new ApiError('Forbidden', `forbidden: ${why}`);
  return forbidden(attrs.resource, attrs.name, why, attrs.apiGroup);
}
