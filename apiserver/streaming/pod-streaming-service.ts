// PodLogs and PodExec over gRPC: the relay (pod-relay.ts) checks the request
// and opens the agent's stream; this file copies messages between that stream
// and the gRPC call. Cancelling either end cancels the other; failures reach
// the client as Kubernetes Statuses.
import type * as grpc from '@grpc/grpc-js';
import { badRequest, isApiError } from '../../api/errors.js';
import type { ByteStream } from '../../client/byte-stream.js';
import type { ExecSession } from '../../client/exec-session.js';
import type { ApiHandlers } from '../../client/grpc-definition.js';
import type { ExecOutput, ExecRequest__Output, LogChunk, LogsRequest__Output } from '../../client/streaming-messages.js';
import type { Logger } from '../../client/logger.js';
import { toServiceError } from '../../client/grpc-status.js';
import type { Registry } from '../registry/registry.js';
import type { AgentClientPool } from './agent-client-pool.js';
import { PodRelay, relayError } from './pod-relay.js';
import { firstMessage } from '../grpc/first-message.js';

export { relayError } from './pod-relay.js';

/** Resolves once the stream can take more, or has gone away. */
function drained(call: grpc.ServerWritableStream<unknown, unknown>): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      call.off('drain', done);
      call.off('cancelled', done);
      call.off('close', done);
      resolve();
    };
    call.once('drain', done);
    call.once('cancelled', done);
    call.once('close', done);
  });
}

export class PodStreamingService {
  /** How to end each relay still running, for stop(). */
  private readonly active = new Set<() => void>();

  /** The front-end-neutral half, shared with the HTTP API's log and exec handlers. */
  readonly relay: PodRelay;

  constructor(
    registry: Registry,
    agents: AgentClientPool,
    private readonly log: Logger,
  ) {
    this.relay = new PodRelay(registry, agents);
  }

  /** Handlers keyed by the proto's method names, merged into the Api service. */
  handlers(): Pick<ApiHandlers, 'PodLogs' | 'PodExec'> {
    return {
      PodLogs: (call) => {
        this.logs(call).catch((err: unknown) => this.log.error({ err }, 'pod logs relay failed'));
      },
      PodExec: (call) => {
        this.exec(call).catch((err: unknown) => this.log.error({ err }, 'pod exec relay failed'));
      },
    };
  }

  /** Ends every running relay (the apiserver is going down), so shutdown need not wait for them. */
  stop(): void {
    for (const end of [...this.active]) end();
    this.active.clear();
    this.relay.stop();
  }

  private track(end: () => void): () => void {
    this.active.add(end);
    return () => this.active.delete(end);
  }

  private fail(call: { emit(event: 'error', status: Partial<grpc.StatusObject>): boolean }, what: string, err: unknown): void {
    const relayed = relayError(err);
    if (isApiError(relayed) && relayed.reason !== 'InternalError') this.log.debug({ reason: relayed.reason, msg: relayed.message }, `${what} refused`);
    else this.log.warn({ err: relayed }, `${what} failed`);
    call.emit('error', toServiceError(relayed));
  }

  private async logs(call: grpc.ServerWritableStream<LogsRequest__Output, LogChunk>): Promise<void> {
    const req = call.request;
    let upstream: ByteStream | undefined;
    call.once('cancelled', () => upstream?.cancel());
    // Ending the agent's stream ends the loop below, which ends the client's.
    const untrack = this.track(() => upstream?.cancel());
    try {
      const target = await this.relay.prepareLogs(req);
      if (call.cancelled) return;
      upstream = target.open();
      for await (const data of upstream) {
        if (call.cancelled) break;
        if (!call.write({ data })) await drained(call);
      }
      if (!call.cancelled) call.end();
    } catch (err) {
      upstream?.cancel();
      if (!call.cancelled) this.fail(call, 'pod logs', err);
    } finally {
      untrack();
    }
  }

  private async exec(call: grpc.ServerDuplexStream<ExecRequest__Output, ExecOutput>): Promise<void> {
    let session: ExecSession | undefined;
    call.once('cancelled', () => session?.cancel());
    const untrack = this.track(() => session?.cancel());
    try {
      const first = await firstMessage(call);
      if (!first || call.cancelled) return;
      const start = first.start;
      if (!start) throw badRequest('the first exec message must carry the command to start');
      const target = await this.relay.prepareExec(start);
      if (call.cancelled) return;
      session = target.open({
        stdout: (chunk) => call.write({ stdout: chunk }),
        stderr: (chunk) => call.write({ stderr: chunk }),
      });
      const running = session;
      call.on('data', (message: ExecRequest__Output) => {
        if (message.stdin && message.stdin.length > 0) running.writeStdin(message.stdin);
        if (message.resize) running.resize(message.resize.width, message.resize.height);
        if (message.stdinClose) running.closeStdin();
      });
      // A client that ends its side has no more stdin to send.
      call.once('end', () => running.closeStdin());
      call.resume();
      const exitCode = await running.done;
      if (call.cancelled) return;
      call.write({ exited: true, exitCode });
      call.end();
    } catch (err) {
      session?.cancel();
      if (!call.cancelled) this.fail(call, 'pod exec', err);
    } finally {
      untrack();
    }
  }
}
