// A stand-in for the apiserver's gRPC port over TLS, in the test's own
// process, that records who called: the client certificate's CN, the
// authorization metadata and the User-Agent of every call. Get answers a pod
// named after the request; every other method answers UNAVAILABLE, which
// clients treat as an apiserver that is not there yet and retry.
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { apiServiceConstructor } from '../client/grpc-definition.js';
import type { TestPki } from './credentials.js';

export interface RecordedCall {
  /** As the proto names it: `Get`, `Watch`. */
  method: string;
  commonName: string | undefined;
  authorization: string[];
  /** The product before the first space: `scheduler/flotilla`. */
  userAgent: string;
}

export interface RecordingApiServer {
  address: string;
  calls: RecordedCall[];
  stop(): Promise<void>;
}

export interface RecordingApiServerOptions {
  /** A TLS handshake without a client certificate signed by the CA fails (grpc-js's checkClientCertificate). */
  requireClientCertificate: boolean;
  /** Default 127.0.0.1. */
  host?: string;
}

function record(calls: RecordedCall[], method: string, call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>): void {
  const cn = call.getAuthContext()?.sslPeerCertificate?.subject?.CN;
  calls.push({
    method,
    commonName: Array.isArray(cn) ? cn.join(',') : cn,
    authorization: call.metadata.get('authorization').map(String),
    userAgent: String(call.metadata.get('user-agent')[0] ?? '').split(' ')[0] ?? '',
  });
}

const NOT_HERE = { code: grpc.status.UNAVAILABLE, details: 'a recording test server answers only Get' };

function handlers(calls: RecordedCall[]): grpc.UntypedServiceImplementation {
  const out: grpc.UntypedServiceImplementation = {};
  for (const [method, definition] of Object.entries(apiServiceConstructor().service)) {
    if (method === 'Get') {
      out[method] = (call: grpc.ServerUnaryCall<{ namespace: string; name: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        record(calls, method, call);
        const { namespace, name } = call.request;
        callback(null, { objectJson: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace } }) });
      };
    } else if (definition.requestStream) {
      out[method] = (call: grpc.ServerDuplexStream<unknown, unknown>) => {
        record(calls, method, call);
        call.emit('error', NOT_HERE);
      };
    } else if (definition.responseStream) {
      out[method] = (call: grpc.ServerWritableStream<unknown, unknown>) => {
        record(calls, method, call);
        call.emit('error', NOT_HERE);
      };
    } else {
      out[method] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        record(calls, method, call);
        callback(NOT_HERE);
      };
    }
  }
  return out;
}

/** Serves with `pki`'s apiserver certificate, trusting client certificates of its CA. */
export async function startRecordingApiServer(pki: TestPki, opts: RecordingApiServerOptions): Promise<RecordingApiServer> {
  const host = opts.host ?? '127.0.0.1';
  const server = new grpc.Server();
  const calls: RecordedCall[] = [];
  server.addService(apiServiceConstructor().service, handlers(calls));
  const credentials = grpc.ServerCredentials.createSsl(
    readFileSync(pki.caFile),
    [{ private_key: readFileSync(pki.keyFile), cert_chain: readFileSync(pki.certFile) }],
    opts.requireClientCertificate,
  );
  const port = await new Promise<number>((resolve, reject) => server.bindAsync(`${host}:0`, credentials, (err, bound) => (err ? reject(err) : resolve(bound))));
  return {
    address: `${host}:${port}`,
    calls,
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
