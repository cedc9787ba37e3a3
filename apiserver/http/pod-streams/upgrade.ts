// Requests that ask to switch protocols (WebSocket, SPDY) arrive as the HTTP
// server's 'upgrade' event, with the raw socket instead of a response object.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { apiErrorOf, JSON_CONTENT_TYPE } from '../http-reply.js';
import type { UserInfo } from '../request-context.js';

export interface UpgradeContext {
  req: IncomingMessage;
  socket: Duplex;
  /** Bytes the client sent after the request head (the start of the new protocol). */
  head: Buffer;
  url: URL;
  user: UserInfo;
}

/** Takes over the socket and resolves true, or resolves false (socket untouched) to let the next handler try. */
export type UpgradeHandler = (ctx: UpgradeContext) => Promise<boolean>;

/**
 * Refuses an upgrade before the handshake: a plain HTTP response carrying the
 * Kubernetes Status, which client-go decodes into `Error from server (...)`.
 */
export function rejectUpgrade(socket: Duplex, err: unknown): void {
  const status = apiErrorOf(err).toStatus();
  const body = JSON.stringify(status);
  const head = [
    `HTTP/1.1 ${status.code} ${STATUS_CODES[status.code] ?? 'Error'}`,
    `Content-Type: ${JSON_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}
