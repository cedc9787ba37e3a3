// A gRPC call as the audit log records it: the caller the port authenticated
// (system:anonymous on a port without TLS, which authenticates nobody); the
// object is named by the request's fields (a create's name from the object it
// carries).
import type * as grpc from '@grpc/grpc-js';
import type { ResourceInfo } from '../../api/resources.js';
import type { ResourceAttributes } from '../authorization/attributes.js';
import { requestUser } from '../authorization/request-user.js';
import { GRPC_ANONYMOUS, type AuditRecord } from './audit-log.js';

interface NamedRequest {
  namespace?: string;
  name?: string;
  objectJson?: string;
  bindingJson?: string;
}

/** What a record says of the call itself, whatever became of it. */
type CallFacts = Pick<grpc.ServerUnaryCall<unknown, unknown>, 'metadata' | 'getPath' | 'getPeer'>;

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

function callFacts(call: CallFacts): Pick<AuditRecord, 'requestURI' | 'sourceIP' | 'userAgent'> {
  const userAgent = call.metadata.get('user-agent')[0];
  return { requestURI: call.getPath(), sourceIP: call.getPeer(), userAgent: typeof userAgent === 'string' ? userAgent : undefined };
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
  return {
    verb,
    user: requestUser() ?? GRPC_ANONYMOUS,
    resource: info?.plural ?? '',
    subresource: resourceLabel?.split('/')[1],
    apiGroup: info?.group,
    apiVersion: info?.version,
    namespace: req.namespace,
    name: nameOf(req),
    code,
    ...callFacts(call),
    receivedMs,
  };
}

/** A call refused before it ran (401, 403), with what it asked for. */
export function grpcRefusalRecord(attrs: ResourceAttributes, call: CallFacts, code: number, receivedMs: number): AuditRecord {
  return {
    verb: attrs.verb,
    user: attrs.user,
    resource: attrs.resource,
    subresource: attrs.subresource || undefined,
    apiGroup: attrs.apiGroup,
    apiVersion: attrs.apiVersion,
    namespace: attrs.namespace,
    name: attrs.name,
    code,
    ...callFacts(call),
    receivedMs,
  };
}
