// Reads a request body, refusing more than Kubernetes accepts: as bytes (protobuf
// bodies are binary, and decoding them as text would corrupt them) or as UTF-8 text.
import type { IncomingMessage } from 'node:http';
import { badRequest, requestEntityTooLarge } from '../../api/errors.js';

/** kube-apiserver's limit on a request body (3 MiB), far above etcd's value limit's worth of JSON. */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;
/**
 * A body declared too large, up to this size, is read and dropped before the
 * 413 goes out: the answer closes the connection, and a client still sending
 * would otherwise see a broken pipe instead of the answer. Larger ones are
 * refused at once.
 */
export const MAX_DISCARDED_BODY_BYTES = 16 * 1024 * 1024;

/** The body as UTF-8 text; 400 when it is not UTF-8. */
export async function readBody(req: IncomingMessage, limitBytes = MAX_REQUEST_BODY_BYTES): Promise<string> {
  return utf8Text(await readBodyBytes(req, limitBytes));
}

export function utf8Text(body: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw badRequest('the request body is not valid UTF-8');
  }
}

/** The body's bytes as sent. */
export function readBodyBytes(req: IncomingMessage, limitBytes = MAX_REQUEST_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    if (declared > MAX_DISCARDED_BODY_BYTES) return Promise.reject(requestEntityTooLarge(limitBytes));
    return discardThenRefuse(req, limitBytes);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limitBytes) {
        failed = true;
        reject(requestEntityTooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (failed) return;
      resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (failed) return;
      failed = true;
      reject(err);
    });
  });
}

function discardThenRefuse(req: IncomingMessage, limitBytes: number): Promise<never> {
  return new Promise((_resolve, reject) => {
    const refuse = (): void => reject(requestEntityTooLarge(limitBytes));
    req.once('end', refuse);
    req.once('error', refuse);
    req.resume();
  });
}
