// The size limit of one stored object. etcd refuses requests above its
// --max-request-bytes (1.5 MiB by default), and a request above its gRPC limit
// fails in a way the etcd client counts against the connection, shutting the
// apiserver off from etcd for seconds; so the registry refuses first, by name.
import { badRequest } from '../../api/errors.js';
import { qualifiedResource, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { encodeObject } from '../storage/codec.js';

/** Largest stored form of one object: etcd's default request limit less room for the key and the transaction. */
export const MAX_STORED_OBJECT_BYTES = 1_500_000;
/**
 * Extra room for what the server itself adds (deletion marks, a binding), still below etcd's
 * limit: an object the user filled to the limit can always be deleted and bound.
 */
export const SERVER_WRITE_ALLOWANCE_BYTES = 16 * 1024;

/** The object's stored form; BadRequest naming the object when it is too large for etcd. */
export function encodeWithinLimit(info: ResourceInfo, obj: KubeObject, allowanceBytes = 0): string {
  const value = encodeObject(obj);
  const bytes = Buffer.byteLength(value);
  if (bytes > MAX_STORED_OBJECT_BYTES + allowanceBytes) {
    throw badRequest(
      `${qualifiedResource(info)} "${obj.metadata.name ?? ''}" is too large to store: ${bytes} bytes, the limit is ${MAX_STORED_OBJECT_BYTES}`,
    );
  }
  return value;
}
