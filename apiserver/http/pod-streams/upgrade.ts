// Requests that ask to switch protocols (WebSocket, SPDY) arrive as the HTTP
// server's 'upgrade' event, with the raw socket instead of a response object.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RawData } from 'ws';
import { badRequest } from '../../../api/errors.js';
import { sendRawStatus } from '../raw-reply.js';
import { offeredProtocols } from './channel-protocol.js';

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

/**
 * The subprotocols a WebSocket upgrade offers, or the BadRequest that refuses
 * an upgrade to anything else than WebSocket (SPDY/3.1 is taken before this)
 * or a method other than GET. `what` names the subresource and `supported`
 * what it speaks, for the message.
 */
export function webSocketOffer(req: IncomingMessage, what: string, supported: readonly string[]): string[] {
  const upgrade = (req.headers.upgrade ?? '').toLowerCase();
  if (upgrade !== 'websocket') {
    throw badRequest(
      `unable to upgrade connection: ${req.headers.upgrade ? `${req.headers.upgrade} is` : 'a request without an Upgrade header is'} not supported; ${what} speaks SPDY/3.1 or WebSocket with subprotocol ${supported.join(' or ')}`,
    );
  }
  if (req.method !== 'GET') throw badRequest('unable to upgrade connection: a WebSocket upgrade must be a GET request');
  return offeredProtocols(req.headers['sec-websocket-protocol']);
}

/** The refusal of an offer with nothing this server speaks. */
export function unsupportedProtocols(offered: readonly string[], supported: readonly string[]): Error {
  return badRequest(`unable to upgrade connection: requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${supported.join(' ')}]`);
}

/** One WebSocket message as a Buffer, however ws delivered it. */
export function messageBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
