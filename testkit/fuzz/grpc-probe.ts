// One call to the apiserver's gRPC service with whatever credentials a test
// makes up - a wrong CA, a stranger's certificate, a forged token, none - and
// the outcome as data, so a test can check a refusal rather than catch it.
import * as grpc from '@grpc/grpc-js';
import { apiServiceConstructor } from '../../client/grpc-definition.js';

/** Bounds one call, so a port that accepts and never answers fails the caller. */
export const GRPC_PROBE_TIMEOUT_MS = 10_000;

export interface GrpcProbeCredentials {
  /** PEM of the CA to trust; without it the channel is plaintext. */
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Sent as the `authorization` metadata, exactly (e.g. `Bearer x`). */
  authorization?: string;
}

export type GrpcProbeOutcome = { ok: true; reply: Record<string, unknown> } | { ok: false; code: grpc.status; details: string };

type UnaryMethod = (request: object, metadata: grpc.Metadata, options: grpc.CallOptions, cb: (err: grpc.ServiceError | null, reply: Record<string, unknown>) => void) => void;

function channelCredentials(creds: GrpcProbeCredentials): grpc.ChannelCredentials {
  if (creds.ca === undefined) return grpc.credentials.createInsecure();
  const buf = (v: string | Buffer | undefined): Buffer | null => (v === undefined ? null : Buffer.from(v));
  return grpc.credentials.createSsl(buf(creds.ca), buf(creds.key), buf(creds.cert));
}

/** Calls `method` (Create, List, Get, ...) once; a refusal is an outcome, not an exception. */
export function grpcProbe(address: string, method: string, request: object, creds: GrpcProbeCredentials): Promise<GrpcProbeOutcome> {
  const Ctor = apiServiceConstructor();
  // A connection of its own per probe: a hostile probe must not share (or break) another's.
  const stub = new Ctor(address, channelCredentials(creds), { 'grpc.use_local_subchannel_pool': 1 });
  const metadata = new grpc.Metadata();
  if (creds.authorization !== undefined) metadata.set('authorization', creds.authorization);
  const fn = (stub as unknown as Record<string, UnaryMethod>)[method];
  if (typeof fn !== 'function') throw new Error(`the Api service has no method ${method}`);
  return new Promise((resolve) => {
    fn.call(stub, request, metadata, { deadline: Date.now() + GRPC_PROBE_TIMEOUT_MS }, (err, reply) => {
      stub.close();
      resolve(err ? { ok: false, code: err.code, details: err.details } : { ok: true, reply });
    });
  });
}
