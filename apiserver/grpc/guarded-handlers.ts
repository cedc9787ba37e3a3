// Puts the call gate in front of every handler of the service, whatever its
// shape: unary and server-streaming calls are judged on their request, a
// bidirectional stream (PodExec) on its first message, which is then handed
// on untouched. The handler runs as the caller (runAs), so checks deep in a
// write (RBAC escalation) and the audit log see who it is. Wrapping walks the
// service definition, not the handlers, so no method can be left unguarded.
import type * as grpc from '@grpc/grpc-js';
import { badRequest, isApiError } from '../../api/errors.js';
import type { ApiHandlers } from '../../client/grpc-definition.js';
import { toServiceError } from '../../client/grpc-status.js';
import type { Logger } from '../../client/logger.js';
import type { AuditLog } from '../audit/audit-log.js';
import { grpcRefusalRecord } from '../audit/grpc-audit.js';
import { runAs } from '../authorization/request-user.js';
import { isApiMethod, type ApiMethod } from './call-attributes.js';
import { CallRefused, type CallGate } from './call-gate.js';
import { firstMessage } from './first-message.js';

type Refuse = (error: Partial<grpc.StatusObject>) => void;
type SurfaceCall = Pick<grpc.ServerUnaryCall<unknown, unknown>, 'metadata' | 'getAuthContext' | 'getPath' | 'getPeer'>;

export interface GuardOptions {
  gate: CallGate;
  log: Logger;
  audit?: AuditLog;
}

class Guard {
  constructor(private readonly options: GuardOptions) {}

  /** Admits the call, then runs `proceed` as the caller; a refusal or failure goes to `refuse`. */
  run(method: ApiMethod, call: SurfaceCall, request: unknown, refuse: Refuse, proceed: () => void): void {
    const receivedMs = Date.now();
    this.options.gate.admit(method, call, request).then(
      ({ user }) =>
        runAs(user, async () => proceed()).catch((err: unknown) => {
          this.options.log.error({ method, err }, 'gRPC handler failed');
          refuse(toServiceError(err));
        }),
      (err: unknown) => {
        const cause = err instanceof CallRefused ? err.error : err;
        const code = isApiError(cause) ? cause.code : 500;
        if (err instanceof CallRefused && this.options.audit?.wants(err.attributes.verb)) {
          this.options.audit.record(grpcRefusalRecord(err.attributes, call, code, receivedMs));
        }
        // A refusal is the caller's business; anything else (an authenticator that broke) is ours.
        if (isApiError(cause) && cause.reason !== 'InternalError') this.options.log.debug({ method, code, msg: cause.message }, 'gRPC call refused');
        else this.options.log.error({ method, err: cause }, 'gRPC call could not be admitted');
        refuse(toServiceError(cause));
      },
    );
  }

  unary(method: ApiMethod, handler: grpc.handleUnaryCall<unknown, unknown>): grpc.handleUnaryCall<unknown, unknown> {
    return (call, callback) => this.run(method, call, call.request, (error) => callback(error), () => handler(call, callback));
  }

  serverStream(method: ApiMethod, handler: grpc.handleServerStreamingCall<unknown, unknown>): grpc.handleServerStreamingCall<unknown, unknown> {
    return (call) => this.run(method, call, call.request, (error) => call.emit('error', error), () => handler(call));
  }

  bidiStream(method: ApiMethod, handler: grpc.handleBidiStreamingCall<unknown, unknown>): grpc.handleBidiStreamingCall<unknown, unknown> {
    return (call) => {
      const refuse: Refuse = (error) => call.emit('error', error);
      void firstMessage(call).then((first) => {
        if (call.cancelled) return;
        if (first === undefined) {
          refuse(toServiceError(badRequest('the stream ended before its first message')));
          return;
        }
        this.run(method, call, first, refuse, () => {
          call.unshift(first);
          handler(call);
          call.resume();
        });
      });
    };
  }
}

/** `handlers` with the gate in front of each method the service definition lists. */
export function guardedHandlers(handlers: ApiHandlers, definition: grpc.ServiceDefinition, options: GuardOptions): ApiHandlers {
  const guard = new Guard(options);
  const guarded: Record<string, unknown> = {};
  const given = handlers as unknown as Record<string, unknown>;
  for (const [method, spec] of Object.entries(definition)) {
    const handler = given[method];
    if (!handler) continue;
    if (!isApiMethod(method)) throw new Error(`gRPC method ${method} has no authorization attributes (apiserver/grpc/call-attributes.ts)`);
    if (!spec.requestStream) {
      guarded[method] = spec.responseStream
        ? guard.serverStream(method, handler as grpc.handleServerStreamingCall<unknown, unknown>)
        : guard.unary(method, handler as grpc.handleUnaryCall<unknown, unknown>);
    } else if (spec.responseStream) {
      guarded[method] = guard.bidiStream(method, handler as grpc.handleBidiStreamingCall<unknown, unknown>);
    } else {
      throw new Error(`gRPC method ${method} streams requests into one reply, which the gate does not guard`);
    }
  }
  return guarded as unknown as ApiHandlers;
}
