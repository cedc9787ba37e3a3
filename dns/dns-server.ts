// The DNS server's sockets: one UDP socket and one TCP listener on the same
// port. Each query is decoded with dns-packet, answered from the cluster view,
// or relayed to the upstream resolver for names outside the cluster domain.
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import dnsPacket, { type DecodedPacket, type Packet } from 'dns-packet';
import type { Logger } from 'pino';
import { answerQuestion, type DnsView } from './dns-answer.js';
import type { Forwarder } from './dns-forwarder.js';

/** Response codes travel in the low four bits of the flags; dns-packet encodes only the flags. */
const RCODE = { FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;
const FLAG_RECURSION_DESIRED = dnsPacket.RECURSION_DESIRED;
/** Plain DNS over UDP fits 512 bytes; longer answers are truncated so the client retries over TCP. */
const MAX_UDP_PAYLOAD = 512;
const TCP_LENGTH_BYTES = 2;
/** A TCP client that sends nothing for this long is dropped. */
const TCP_IDLE_TIMEOUT_MS = 10_000;

export interface DnsServerOptions {
  host: string;
  port: number;
  domain: string;
  view: DnsView;
  forwarder: Forwarder | undefined;
  logger: Logger;
}

function reply(query: DecodedPacket, flags: number, answers: Packet['answers'] = []): Buffer {
  const rd = (query.flags ?? 0) & FLAG_RECURSION_DESIRED;
  return dnsPacket.encode({ type: 'response', id: query.id, flags: rd | dnsPacket.RECURSION_AVAILABLE | flags, questions: query.questions, answers });
}

/** Answers one raw query; resolves to the raw response. */
export async function handleQuery(raw: Buffer, opts: Pick<DnsServerOptions, 'domain' | 'view' | 'forwarder'>): Promise<Buffer> {
  const query = dnsPacket.decode(raw);
  const question = query.questions?.[0];
  if (!question) return reply(query, RCODE.FORMERR);
  const result = answerQuestion(question, opts.view, opts.domain);
  if (result.kind === 'forward') {
    if (!opts.forwarder) return reply(query, RCODE.REFUSED);
    try {
      return await opts.forwarder.forward(raw);
    } catch {
      return reply(query, RCODE.SERVFAIL);
    }
  }
  if (result.kind === 'nxdomain') return reply(query, dnsPacket.AUTHORITATIVE_ANSWER | RCODE.NXDOMAIN);
  return reply(query, dnsPacket.AUTHORITATIVE_ANSWER, result.answers);
}

function truncateForUdp(response: Buffer): Buffer {
  if (response.length <= MAX_UDP_PAYLOAD) return response;
  const decoded = dnsPacket.decode(response);
  return dnsPacket.encode({ ...decoded, flags: (decoded.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE, answers: [], authorities: [], additionals: [] });
}

export interface DnsServer {
  port: number;
  close(): Promise<void>;
}

function serveTcpConnection(conn: TcpSocket, opts: DnsServerOptions): void {
  let buffered = Buffer.alloc(0);
  conn.setTimeout(TCP_IDLE_TIMEOUT_MS, () => conn.destroy());
  conn.on('error', () => conn.destroy());
  conn.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= TCP_LENGTH_BYTES) {
      const length = buffered.readUInt16BE(0);
      if (buffered.length < TCP_LENGTH_BYTES + length) return;
      const message = buffered.subarray(TCP_LENGTH_BYTES, TCP_LENGTH_BYTES + length);
      buffered = buffered.subarray(TCP_LENGTH_BYTES + length);
      handleQuery(message, opts).then(
        (response) => {
          const prefix = Buffer.alloc(TCP_LENGTH_BYTES);
          prefix.writeUInt16BE(response.length);
          conn.write(Buffer.concat([prefix, response]));
        },
        (err: unknown) => {
          opts.logger.debug({ err }, 'malformed DNS query over TCP');
          conn.destroy();
        },
      );
    }
  });
}

export async function startDnsServer(opts: DnsServerOptions): Promise<DnsServer> {
  const tcp: Server = createServer((conn) => serveTcpConnection(conn, opts));
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(opts.port, opts.host, () => resolve());
  });
  const address = tcp.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const udp: Socket = createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    handleQuery(msg, opts).then(
      (response) => udp.send(truncateForUdp(response), rinfo.port, rinfo.address),
      (err: unknown) => opts.logger.debug({ err, from: rinfo.address }, 'malformed DNS query'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(port, opts.host, () => resolve());
  });
  return {
    port,
    close: async () => {
      udp.close();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}
