// Loads proto/flotilla.proto once, for both the server and the client side.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const PROTO_FILE = 'proto/flotilla.proto';

/** Walks up from this module (source or dist/) to the folder that holds proto/. */
function findProtoFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, PROTO_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${PROTO_FILE} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

let cached: grpc.ServiceClientConstructor | undefined;

export function apiServiceConstructor(): grpc.ServiceClientConstructor {
  if (cached) return cached;
  const definition = protoLoader.loadSync(findProtoFile(), {
    keepCase: false,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    flotilla: { v1: { Api: grpc.ServiceClientConstructor } };
  };
  cached = loaded.flotilla.v1.Api;
  return cached;
}

/** Message limit both ways: a list of 10,000 pods is tens of megabytes of JSON. */
export const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;
