// The direct SPDY/3.1 upgrade kubectl 1.27-1.29 speak (and 1.30+ fall back
// to): `Connection: Upgrade` + `Upgrade: SPDY/3.1` on the request, the
// stream protocol chosen from the client's `X-Stream-Protocol-Version`
// headers (the client's order wins, as apimachinery's httpstream.Handshake
// picks), a 101 naming it, then raw SPDY frames on the socket.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApiError, badRequest } from '../../../api/errors.js';
import type { Logger } from '../../../client/logger.js';
import { MAX_UNSENT_OUTPUT_BYTES } from './stream-limits.js';
import { SpdySession } from './spdy/spdy-session.js';

export const SPDY_UPGRADE = 'SPDY/3.1';
export const PROTOCOL_VERSION_HEADER = 'x-stream-protocol-version';
/**
 * How long a client may take to open the streams it asked for
 * (the kubelet's DefaultStreamCreationTimeout).
 */
export const STREAM_CREATION_TIMEOUT_MS = 30_000;
/** How long a finished connection may linger half-closed before the socket is destroyed. */
export const CLOSE_GRACE_MS = 5_000;
/**
 * TCP keep-alive on the upgraded socket: SPDY has no server-sent ping here
 * (the WebSocket front ends ping), so a vanished client is found by TCP.
 */
export const SOCKET_KEEPALIVE_MS = 30_000;

/** Whether the request asks for a SPDY/3.1 upgrade (the checks of apimachinery's response upgrader). */
export function isSpdyUpgrade(req: IncomingMessage): boolean {
  const connection = (req.headers.connection ?? '').toLowerCase();
  const upgrade = (req.headers.upgrade ?? '').toLowerCase();
  return connection.includes('upgrade') && upgrade.includes(SPDY_UPGRADE.toLowerCase());
}

/** Every protocol the client offers, in its order (the header may repeat and hold lists). */
export function offeredStreamProtocols(req: IncomingMessage): string[] {
  const raw = req.headersDistinct[PROTOCOL_VERSION_HEADER] ?? [];
  return raw.flatMap((v) => v.split(',')).map((p) => p.trim()).filter(Boolean);
}

/** The protocol to speak, or the refusal the kubelet answers with. */
export function negotiateStreamProtocol(req: IncomingMessage, supported: readonly string[]): string {
  const offered = offeredStreamProtocols(req);
  if (offered.length === 0) throw badRequest('unable to upgrade: X-Stream-Protocol-Version is required');
  const chosen = offered.find((p) => supported.includes(p));
  if (!chosen) {
    throw new ApiError('Forbidden', `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server accepts [${supported.join(' ')}]`);
  }
  return chosen;
}

/**
 * Answers 101 naming `protocol` and runs a SPDY session on the socket. The
 * session's close() ends the socket; a client that leaves closes the session.
 */
export function acceptSpdyUpgrade(socket: Duplex, head: Buffer, protocol: string, log: Logger, fields: Record<string, unknown>): SpdySession {
  const session = new SpdySession({
    write: (bytes) => {
      if (socket.destroyed) return;
      // Output cannot be paused from here; a client that does not read loses its session rather than the apiserver its memory.
      if (socket.writableLength > MAX_UNSENT_OUTPUT_BYTES) {
        log.warn(fields, 'SPDY client does not read; cutting the session');
        socket.destroy();
        return;
      }
      socket.write(bytes);
    },
    close: () => {
      if (socket.destroyed) return;
      socket.end();
      setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
    },
  });
  const tcp = socket as Duplex & Partial<Pick<Socket, 'setTimeout' | 'setNoDelay' | 'setKeepAlive'>>;
  tcp.setTimeout?.(0);
  tcp.setNoDelay?.(true);
  tcp.setKeepAlive?.(true, SOCKET_KEEPALIVE_MS);
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ${SPDY_UPGRADE}\r\nX-Stream-Protocol-Version: ${protocol}\r\n\r\n`);
  if (head.length > 0) session.receive(head);
  socket.on('data', (chunk: Buffer) => session.receive(chunk));
  socket.on('error', (err) => log.debug({ ...fields, err }, 'SPDY socket failed'));
  socket.on('end', () => {
    session.close();
    socket.end();
  });
  socket.on('close', () => session.close());
  return session;
}
