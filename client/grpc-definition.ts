// Loads proto/flotilla.proto once, for both the server and the client side.
import type { ProtoGrpcType } from '../proto/generated/flotilla.js';
import { loadProtoPackage } from './proto-file.js';

export type { ApiClient as ApiStub, ApiHandlers } from '../proto/generated/flotilla/v1/Api.js';

const PROTO_FILE = 'proto/flotilla.proto';

/** The generated client class of the Api service; its `service` is the definition servers add. */
export type ApiServiceConstructor = ProtoGrpcType['flotilla']['v1']['Api'];

let cached: ApiServiceConstructor | undefined;

export function apiServiceConstructor(): ApiServiceConstructor {
  cached ??= loadProtoPackage<ProtoGrpcType>(PROTO_FILE).flotilla.v1.Api;
  return cached;
}

/** Message limit both ways: a list of 10,000 pods is tens of megabytes of JSON. */
export const MAX_MESSAGE_BYTES = 512 * 1024 * 1024;
