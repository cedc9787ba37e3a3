// Serves logs, exec, attach and port-forward for the pods of this node over
// gRPC, straight from Docker and the node's network. Errors travel as
// ApiError statuses, as on the apiserver. With TLS, only callers with a client
// certificate the client CA signed, whose user is allowed, get through.
import type { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { IdentityAuthorizer } from '../../client/client-certificate-check.js';
import type { ServingTls } from '../../client/serving-tls.js';
import type { DeferredServingTls } from '../../client/serving-certificate-slot.js';
import type { DockerRuntime } from '../runtime/docker-runtime.js';
import { agentStreamingService, type AgentStreamingHandlers, type LogChunk, type LogsRequest__Output } from '../../client/agent-streaming-definition.js';
import { ApiError } from '../../api/errors.js';
import { toServiceError } from '../../client/grpc-status.js';
import { failCall } from './call-errors.js';
import { findInstance, type PodLookup } from './container-instance.js';
import { serveAttach, serveExec } from './exec-and-attach.js';
import { servePortForward } from './port-forward.js';
import { callerAuthorization } from './caller-authorization.js';

export type { PodLookup } from './container-instance.js';

export interface StreamingServer {
  port: number;
  close(): Promise<void>;
}

/** Bound on how long a graceful server shutdown may take before streams are cut. */
const SHUTDOWN_GRACE_MS = 2_000;

/** The newest resource usage summary, as JSON; undefined before the first collection. */
export type SummarySource = () => unknown;

/** The port's TLS (a certificate now, or one that comes later) and who of the client CA's certificates may call. */
export type StreamingTls = (ServingTls | DeferredServingTls) & { authorize: IdentityAuthorizer };

function serverCredentials(tls: StreamingTls | undefined): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  // true: the handshake itself refuses a caller without a certificate of the client CA.
  if ('slot' in tls) return grpc.experimental.createCertificateProviderServerCredentials(tls.slot, tls.slot, true);
  return grpc.ServerCredentials.createSsl(tls.clientCa, [{ cert_chain: tls.cert, private_key: tls.key }], true);
}

export async function startStreamingServer(
  port: number,
  runtime: DockerRuntime,
  lookup: PodLookup,
  logger: Logger,
  summary: SummarySource = () => undefined,
  tls?: StreamingTls,
): Promise<StreamingServer> {
  const server = new grpc.Server(tls ? { interceptors: [callerAuthorization(tls.authorize)] } : {});
  const handlers: AgentStreamingHandlers = {
    Logs: (call) => void serveLogs(call, runtime, lookup, logger),
    Exec: (call) => void serveExec(call, runtime, lookup, logger),
    Attach: (call) => void serveAttach(call, runtime, lookup, logger),
    PortForward: (call) => void servePortForward(call, runtime, lookup, logger),
    Summary: (_call, callback) => {
      const latest = summary();
      if (latest === undefined) callback(toServiceError(new ApiError('ServiceUnavailable', 'the agent has not collected resource metrics yet')));
      else callback(null, { summaryJson: JSON.stringify(latest) });
    },
  };
  server.addService(agentStreamingService().service, handlers);
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`0.0.0.0:${port}`, serverCredentials(tls), (err, p) => (err ? reject(err) : resolve(p)));
  });
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, SHUTDOWN_GRACE_MS);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}

async function serveLogs(call: grpc.ServerWritableStream<LogsRequest__Output, LogChunk>, runtime: DockerRuntime, lookup: PodLookup, logger: Logger): Promise<void> {
  const req = call.request;
  let source: Readable | undefined;
  try {
    const instance = await findInstance(runtime, lookup, req.namespace, req.name, req.container, req.previous === true);
    const tty = await runtime.docker.getContainer(instance.id).inspect().then((i) => i.Config.Tty === true);
    source = await runtime.logs(instance.id, {
      follow: req.follow === true && instance.state === 'running' && !req.previous,
      tail: req.hasTailLines ? req.tailLines : undefined,
      timestamps: req.timestamps === true,
      sinceSeconds: req.sinceSeconds || undefined,
    });
    const out = new PassThrough();
    if (tty) source.pipe(out);
    else runtime.docker.modem.demuxStream(source, out, out);
    call.on('cancelled', () => source?.destroy());
    out.on('data', (data: Buffer) => call.write({ data }));
    await new Promise<void>((resolve) => {
      source?.once('end', resolve);
      source?.once('close', resolve);
      source?.once('error', resolve);
    });
    call.end();
  } catch (err) {
    logger.debug({ err: (err as Error).message }, 'logs request failed');
    source?.destroy();
    failCall(call, err);
  }
}
