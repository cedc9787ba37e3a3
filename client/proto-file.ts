// Finds a file of proto/ from a module's location, in the source tree or in dist/,
// and loads it with the proto/ folder as the include path for its imports.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/** Walks up from this module to the folder that holds `relativePath` (e.g. `proto/agent-streaming.proto`). */
export function findProtoFile(relativePath: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, relativePath);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${relativePath} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/**
 * How every Flotilla proto is decoded: camelCase fields, enums as names, int64
 * as plain numbers (the only ones are log line counts and seconds), and
 * defaults filled so both ends of a relay see the same message. The types in
 * proto/generated/ are generated with the matching flags (package.json
 * `gen:proto`); proto-file.test.ts keeps the two in step.
 */
export const LOAD_OPTIONS: Readonly<protoLoader.Options> = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };

/**
 * Loads `relativePath` (e.g. `proto/flotilla.proto`) as a gRPC package object,
 * typed as the generator describes it (`Package` is a generated `ProtoGrpcType`).
 * Imports inside it (`import "streaming-messages.proto"`) resolve against its own folder.
 *
 * The assertion below is the one place where a loaded package is taken at its
 * generated type's word: grpc-js returns an untyped object, and only the shared
 * proto files and matching options tie it to the generated types.
 */
export function loadProtoPackage<Package>(relativePath: string): Package {
  const file = findProtoFile(relativePath);
  const definition = protoLoader.loadSync(file, { ...LOAD_OPTIONS, includeDirs: [dirname(file)] });
  return grpc.loadPackageDefinition(definition) as Package;
}
