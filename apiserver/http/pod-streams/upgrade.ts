// Requests that ask to switch protocols (WebSocket, SPDY) arrive as the HTTP
// server's 'upgrade' event, with the raw socket instead of a response object.
import type { Duplex } from 'node:stream';
import { sendRawStatus } from '../raw-reply.js';

export type { UpgradeContext, UpgradeHandler } from '../request-context.js';

/**
 * Refuses an upgrade before the handshake: a plain HTTP response carrying the
 * Kubernetes Status, which client-go decodes into `Error from server (...)`.
 */
export function rejectUpgrade(socket: Duplex, err: unknown): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  sendRawStatus(socket, err);
}
