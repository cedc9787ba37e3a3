// A gRPC call as the audit log records it. That port does not authenticate
// callers yet, so each is recorded as system:anonymous; the object is named
// by the request's fields (a create's name from the object it carries).
import type * as grpc from '@grpc/grpc-js';
import type { ResourceInfo } from '../../api/resources.js';
import { GRPC_ANONYMOUS, type AuditRecord } from './audit-log.js';

interface NamedRequest {
  namespace?: string;
  name?: string;
  objectJson?: string;
  bindingJson?: string;
}

function nameOf(req: NamedRequest): string {
  if (req.name) return req.name;
  const json = req.objectJson || req.bindingJson;
  if (!json) return '';
  try {
    const obj = JSON.parse(json) as { metadata?: { name?: unknown } };
    return typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
  } catch {
    return '';
  }
}

export function grpcAuditRecord<Request, Reply>(
  verb: string,
  info: ResourceInfo | undefined,
  call: grpc.ServerUnaryCall<Request, Reply>,
  code: number,
  receivedMs: number,
  /** `pods/binding`: a subresource call. */
  resourceLabel?: string,
): AuditRecord {
  const req = (call.request ?? {}) as NamedRequest;
  const userAgent = call.metadata.get('user-agent')[0];
  return {
    verb,
    user: GRPC_ANONYMOUS,
    resource: info?.plural ?? '',
    subresource: resourceLabel?.split('/')[1],
    apiGroup: info?.group,
    apiVersion: info?.version,
    namespace: req.namespace,
    name: nameOf(req),
    code,
    requestURI: call.getPath(),
    sourceIP: call.getPeer(),
    userAgent: typeof userAgent === 'string' ? userAgent : undefined,
    receivedMs,
  };
}
