// An HTTPS request as the audit log records it, from the attributes
// authorization sees (verb, resource, namespace, name) and the socket.
import type { IncomingMessage } from 'node:http';
import type { Attributes } from '../authorization/attributes.js';
import type { AuditRecord } from './audit-log.js';

export function auditRecordOf(attrs: Attributes, req: IncomingMessage, code: number, receivedMs: number): AuditRecord {
  const base = {
    verb: attrs.verb,
    user: attrs.user,
    code,
    requestURI: req.url ?? '',
    sourceIP: req.socket.remoteAddress,
    userAgent: req.headers['user-agent'],
    receivedMs,
  };
  if (attrs.kind === 'nonResource') return { ...base, resource: '' };
  return {
    ...base,
    resource: attrs.resource,
    subresource: attrs.subresource,
    apiGroup: attrs.apiGroup,
    apiVersion: attrs.apiVersion,
    namespace: attrs.namespace,
    name: attrs.name,
  };
}
