// A bare WebSocket client for tests: the `ws` client refuses subprotocols
// with a '/' (RFC 6455 tokens), but kubectl's Go client offers
// `SPDY/3.1+portforward.k8s.io`, so tests of that tunnel speak the handshake
// and binary frames themselves (client frames masked, as RFC 6455 requires).
// Test support only.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { request } from 'node:http';
import type { Socket } from 'node:net';

const OPCODE_BINARY = 0x2;
const OPCODE_CLOSE = 0x8;
const FIN = 0x80;
const MASKED = 0x80;

export interface RawWebSocket {
  protocol: string | undefined;
  send(payload: Buffer): void;
  close(): void;
  /** Binary messages from the server. */
  onMessage(handler: (payload: Buffer) => void): void;
}

function clientFrame(opcode: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const lengthBytes = payload.length < 126 ? Buffer.from([MASKED | payload.length]) : payload.length < 65_536 ? Buffer.from([MASKED | 126, payload.length >> 8, payload.length & 0xff]) : Buffer.concat([Buffer.from([MASKED | 127]), bigLength(payload.length)]);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
  return Buffer.concat([Buffer.from([FIN | opcode]), lengthBytes, mask, masked]);
}

function bigLength(length: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(length));
  return out;
}

/** Server frames (unmasked) at the start of `input`, and what is left of an incomplete one. */
function serverFrames(input: Buffer): { frames: { opcode: number; payload: Buffer }[]; rest: Buffer } {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let at = 0;
  for (;;) {
    if (input.length - at < 2) break;
    let length = input[at + 1] & 0x7f;
    let header = 2;
    if (length === 126) {
      if (input.length - at < 4) break;
      length = input.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      if (input.length - at < 10) break;
      length = Number(input.readBigUInt64BE(at + 2));
      header = 10;
    }
    if (input.length - at < header + length) break;
    frames.push({ opcode: input[at] & 0x0f, payload: input.subarray(at + header, at + header + length) });
    at += header + length;
  }
  return { frames, rest: input.subarray(at) };
}

export async function openRawWebSocket(url: string, protocol: string): Promise<RawWebSocket> {
  const req = request(url.replace(/^ws:/, 'http:'), {
    headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64'), 'Sec-WebSocket-Protocol': protocol },
  });
  req.end();
  const [res, socket, head] = (await once(req, 'upgrade')) as [{ headers: Record<string, string | undefined> }, Socket, Buffer];
  const handlers: ((payload: Buffer) => void)[] = [];
  let pending: Buffer = Buffer.from(head);
  const pump = (chunk: Buffer): void => {
    const parsed = serverFrames(Buffer.concat([pending, chunk]));
    pending = parsed.rest;
    for (const frame of parsed.frames) {
      if (frame.opcode === OPCODE_BINARY) for (const handler of handlers) handler(frame.payload);
      if (frame.opcode === OPCODE_CLOSE) socket.end();
    }
  };
  socket.on('data', pump);
  socket.on('error', () => undefined);
  queueMicrotask(() => pump(Buffer.alloc(0)));
  return {
    protocol: res.headers['sec-websocket-protocol'],
    send: (payload) => {
      if (socket.writable) socket.write(clientFrame(OPCODE_BINARY, payload));
    },
    close: () => {
      if (socket.writable) socket.end(clientFrame(OPCODE_CLOSE, Buffer.from([0x03, 0xe8])));
    },
    onMessage: (handler) => handlers.push(handler),
  };
}
