// Loads proto/flotilla.proto once, for both the server and the client side.
import type * as grpc from '@grpc/grpc-js';
import { loadProtoPackage } from './proto-file.js';

const PROTO_FILE = 'proto/flotilla.proto';

let cached: grpc.ServiceClientConstructor | undefined;

export function apiServiceConstructor(): grpc.ServiceClientConstructor {
  if (cached) return cached;
  const loaded = loadProtoPackage(PROTO_FILE) as unknown as {
    flotilla: { v1: { Api: grpc.ServiceClientConstructor } };
  };
  cached = loaded.flotilla.v1.Api;
  return cached;
}

/** Message limit both ways: a list of 10,000 pods is tens of megabytes of JSON. */
export const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;
