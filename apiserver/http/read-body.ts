// Reads a request body into a string, refusing more than Kubernetes accepts.
import type { IncomingMessage } from 'node:http';
import { badRequest, requestEntityTooLarge } from '../../api/errors.js';

/** kube-apiserver's limit on a request body (3 MiB), far above etcd's value limit's worth of JSON. */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage, limitBytes = MAX_REQUEST_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    // Refused before reading a byte; the answer closes the connection, so the body is never read.
    return Promise.reject(requestEntityTooLarge(limitBytes));
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
      const body = Buffer.concat(chunks);
      try {
        resolve(new TextDecoder('utf-8', { fatal: true }).decode(body));
      } catch {
        reject(badRequest('the request body is not valid UTF-8'));
      }
    });
    req.on('error', (err) => {
      if (failed) return;
      failed = true;
      reject(err);
    });
  });
}
