// Answers on a bare socket, for upgrade requests that no handler took over
// (there is no ServerResponse for those): a Status, then the connection closes.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { apiErrorOf } from './http-reply.js';
import { JSON_MEDIA_TYPE } from './media-types.js';

export function sendRawStatus(socket: Duplex, err: unknown): void {
  if (socket.destroyed || !socket.writable) return;
  const apiError = apiErrorOf(err);
  const body = JSON.stringify(apiError.toStatus());
  const head = [
    `HTTP/1.1 ${apiError.code} ${STATUS_CODES[apiError.code] ?? 'Error'}`,
    `Content-Type: ${JSON_MEDIA_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ].join('\r\n');
  socket.end(`${head}\r\n\r\n${body}`);
}
