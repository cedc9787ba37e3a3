// Bytes no client should send, written straight to a port: noise, a TLS record
// cut short, an HTTP/2 preface in plaintext to a TLS port, and, inside a real TLS
// session, HTTP/2 frames that are truncated or claim impossible lengths. The
// server must drop each connection and keep serving; what it answers is not checked.
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** How long a connection may stay open after the bytes before the probe closes it itself. */
export const RAW_CONNECTION_TIMEOUT_MS = 3_000;
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
const FRAME_HEADER_BYTES = 9;

export interface RawCase {
  id: string;
  /** Speak TLS (ALPN h2, any server certificate) before sending the bytes. */
  tls: boolean;
  bytes: Buffer;
}

/** A small deterministic generator, so a failing case repeats. */
function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

function noise(random: () => number, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

function frame(type: number, flags: number, stream: number, length: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header.writeUIntBE(length, 0, 3);
  header.writeUInt8(type, 3);
  header.writeUInt8(flags, 4);
  header.writeUInt32BE(stream, 5);
  return Buffer.concat([header, payload]);
}

const H2 = { data: 0, headers: 1, settings: 4, windowUpdate: 8 } as const;

/** `count` noise cases plus the fixed protocol cases, from `seed`. */
export function rawCases(seed: number, count: number): RawCase[] {
  const random = seeded(seed);
  const cases: RawCase[] = [];
  for (let i = 0; i < count; i++) cases.push({ id: `noise-${i}`, tls: i % 2 === 1, bytes: noise(random, 1 + Math.floor(random() * 600)) });
  cases.push(
    { id: 'tls-record-cut-short', tls: false, bytes: Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00]) },
    { id: 'h2-preface-in-plaintext', tls: false, bytes: H2_PREFACE },
    { id: 'h2-preface-cut-short', tls: true, bytes: H2_PREFACE.subarray(0, 10) },
    { id: 'h2-frame-header-cut-short', tls: true, bytes: Buffer.concat([H2_PREFACE, frame(H2.settings, 0, 0, 0, Buffer.alloc(0)).subarray(0, 5)]) },
    { id: 'h2-frame-claims-16MiB', tls: true, bytes: Buffer.concat([H2_PREFACE, frame(H2.settings, 0, 0, 0, Buffer.alloc(0)), frame(H2.headers, 4, 1, 0xffffff, noise(random, 64))]) },
    { id: 'h2-settings-odd-length', tls: true, bytes: Buffer.concat([H2_PREFACE, frame(H2.settings, 0, 0, 5, noise(random, 5))]) },
    { id: 'h2-data-on-stream-0', tls: true, bytes: Buffer.concat([H2_PREFACE, frame(H2.settings, 0, 0, 0, Buffer.alloc(0)), frame(H2.data, 1, 0, 4, noise(random, 4))]) },
    { id: 'h2-headers-garbage-hpack', tls: true, bytes: Buffer.concat([H2_PREFACE, frame(H2.settings, 0, 0, 0, Buffer.alloc(0)), frame(H2.headers, 5, 1, 32, noise(random, 32))]) },
    { id: 'h2-window-overflow', tls: true, bytes: Buffer.concat([H2_PREFACE, frame(H2.settings, 0, 0, 0, Buffer.alloc(0)), frame(H2.windowUpdate, 0, 0, 4, Buffer.from([0x7f, 0xff, 0xff, 0xff])), frame(H2.windowUpdate, 0, 0, 4, Buffer.from([0x7f, 0xff, 0xff, 0xff]))]) },
    { id: 'http1-on-h2', tls: true, bytes: Buffer.from('GET /api/v1/pods HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1') },
  );
  return cases;
}

/** Sends one case to 127.0.0.1:port and resolves once the connection ended, either way. */
export function sendRaw(port: number, c: RawCase): Promise<void> {
  return new Promise((resolve) => {
    let socket: Socket;
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, RAW_CONNECTION_TIMEOUT_MS);
    if (c.tls) {
      // The probe attacks the server; whom it talks to is not in question here.
      socket = tlsConnect({ host: '127.0.0.1', port, ALPNProtocols: ['h2'], rejectUnauthorized: false }, () => socket.write(c.bytes));
    } else {
      socket = tcpConnect({ host: '127.0.0.1', port }, () => socket.write(c.bytes));
    }
    socket.on('data', () => undefined);
    socket.on('error', done);
    socket.on('close', done);
  });
}
