// The audit log: one JSON line per request, shaped as kube-apiserver's
// audit.k8s.io/v1 Event (who, verb, object, response code, level). The file is
// opened once in append mode and written through a stream, which buffers;
// it is never rotated (rotate it from outside with copy-and-truncate).
//
// Levels (--audit-policy-level): None logs nothing; Metadata logs every write
// (create, update, patch, delete, deletecollection); Request logs every request,
// reads included, at the same metadata (request bodies are not recorded).
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { UserInfo } from '../http/request-context.js';
import { ANONYMOUS_USER } from '../authentication/anonymous.js';

export const AUDIT_LEVELS = ['None', 'Metadata', 'Request'] as const;
export type AuditLevel = (typeof AUDIT_LEVELS)[number];

const WRITE_VERBS: ReadonlySet<string> = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);

/** Who gRPC callers are on a port without TLS, which authenticates nobody. */
export const GRPC_ANONYMOUS: UserInfo = ANONYMOUS_USER;

/** One request as the audit log records it. */
export interface AuditRecord {
  verb: string;
  user: UserInfo;
  /** The plural ("" for a non-resource path). */
  resource: string;
  subresource?: string;
  apiGroup?: string;
  apiVersion?: string;
  namespace?: string;
  name?: string;
  code: number;
  requestURI: string;
  sourceIP?: string;
  userAgent?: string;
  /** When the request came in, in epoch milliseconds. */
  receivedMs: number;
}

export function auditsVerb(level: AuditLevel, verb: string): boolean {
  return level === 'Request' || (level === 'Metadata' && WRITE_VERBS.has(verb));
}

/** The audit.k8s.io/v1 Event of one record. */
export function auditEvent(level: AuditLevel, r: AuditRecord, nowMs: number): Record<string, unknown> {
  const objectRef: Record<string, string> = {};
  for (const [field, value] of [
    ['resource', r.resource],
    ['namespace', r.namespace],
    ['name', r.name],
    ['apiGroup', r.apiGroup],
    ['apiVersion', r.apiVersion],
    ['subresource', r.subresource],
  ] as const) {
    if (value) objectRef[field] = value;
  }
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level,
    auditID: randomUUID(),
    stage: 'ResponseComplete',
    requestURI: r.requestURI,
    verb: r.verb,
    user: { username: r.user.name, ...(r.user.uid ? { uid: r.user.uid } : {}), groups: r.user.groups },
    sourceIPs: r.sourceIP ? [r.sourceIP] : [],
    ...(r.userAgent ? { userAgent: r.userAgent } : {}),
    ...(r.resource ? { objectRef } : {}),
    responseStatus: { metadata: {}, code: r.code },
    requestReceivedTimestamp: new Date(r.receivedMs).toISOString(),
    stageTimestamp: new Date(nowMs).toISOString(),
  };
}

export class AuditLog {
  private readonly out: WriteStream;

  constructor(
    path: string,
    readonly level: AuditLevel,
    private readonly now: () => number = Date.now,
  ) {
    this.out = createWriteStream(path, { flags: 'a' });
    // A failing disk must not take the apiserver down; the error is reported once.
    this.out.once('error', (err) => process.emitWarning(`audit log ${path}: ${err.message}`));
  }

  wants(verb: string): boolean {
    return auditsVerb(this.level, verb);
  }

  record(r: AuditRecord): void {
    if (!this.wants(r.verb)) return;
    this.out.write(`${JSON.stringify(auditEvent(this.level, r, this.now()))}\n`);
  }

  /** Flushes what is buffered and closes the file. */
  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(resolve));
  }
}
