import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodePing, FLAG_FIN, FLAG_UNIDIRECTIONAL, GoAwayStatus, RstStatus } from './frames.js';
import { HeaderCompressor, HeaderDecompressor } from './header-compression.js';
import { SpdySession, type SpdyStream } from './spdy-session.js';
import { SpdyTestClient } from './spdy-test-client.js';

function connected(): { session: SpdySession; client: SpdyTestClient; streams: SpdyStream[]; transportClosed: () => boolean } {
  let closed = false;
  let client!: SpdyTestClient;
  const session = new SpdySession({ write: (bytes) => client.receive(bytes), close: () => (closed = true) });
  client = new SpdyTestClient((bytes) => session.receive(bytes));
  const streams: SpdyStream[] = [];
  session.on('stream', (s: SpdyStream) => streams.push(s));
  return { session, client, streams, transportClosed: () => closed };
}

/** Header blocks go through zlib on the thread pool: on a busy machine that takes more than a few event-loop turns. */
const UNTIL_TIMEOUT_MS = 5_000;

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + UNTIL_TIMEOUT_MS;
  while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
  assert.ok(ok(), what);
}

test('header compression keeps one zlib stream per direction: repeated blocks still decode', async () => {
  const compressor = new HeaderCompressor();
  const decompressor = new HeaderDecompressor();
  const headers = { streamtype: ['error'], port: ['80'], requestid: ['0'] };
  const blocks = await Promise.all([compressor.encode(headers), compressor.encode(headers), compressor.encode({ port: ['81'] })]);
  assert.ok(blocks[1].length < blocks[0].length, 'the second block refers back to the first');
  assert.deepEqual(await decompressor.decode(blocks[0]), headers);
  assert.deepEqual(await decompressor.decode(blocks[1]), headers);
  assert.deepEqual(await decompressor.decode(blocks[2]), { port: ['81'] });
  await assert.rejects(new HeaderDecompressor().decode(blocks[1]), 'a block out of its stream does not decode');
  compressor.close();
  decompressor.close();
});

test('a client stream: headers in, SYN_REPLY out, bytes both ways, FIN each way', async () => {
  const { client, streams } = connected();
  await client.open(1, { streamtype: ['data'], port: ['80'] });
  await until('the stream', () => streams.length === 1);
  const stream = streams[0];
  assert.deepEqual(stream.headers, { streamtype: ['data'], port: ['80'] });
  const got: string[] = [];
  let ended = false;
  stream.on('data', (d: Buffer) => got.push(d.toString()));
  stream.on('end', () => (ended = true));
  stream.reply();
  stream.write(Buffer.from('pong'));
  stream.end();
  await client.waitFor('the reply, data and FIN', () => client.streamData(1).ended);
  const reply = client.received.find((f) => f.type === 'syn_reply');
  assert.deepEqual(reply?.headers, {});
  assert.equal(client.streamData(1).text, 'pong');
  await client.data(1, 'ping', true);
  await until('the client\'s FIN', () => ended);
  assert.deepEqual(got, ['ping']);
});

test('large writes are split into frames of at most 32 KiB', async () => {
  const { client, streams } = connected();
  await client.open(1, {});
  await until('the stream', () => streams.length === 1);
  streams[0].write(Buffer.alloc(70_000, 0x61));
  streams[0].end();
  await client.waitFor('the FIN', () => client.streamData(1).ended);
  const sizes = client.received.filter((f) => f.type === 'data').map((f) => (f.type === 'data' ? f.data.length : 0));
  assert.deepEqual(sizes, [32_768, 32_768, 4_464, 0]);
});

test('RST_STREAM from the client resets the stream; a unidirectional stream is already ended this side', async () => {
  const { client, streams } = connected();
  await client.open(1, {}, FLAG_UNIDIRECTIONAL);
  await client.open(3, {});
  await until('both streams', () => streams.length === 2);
  let reset = false;
  streams[1].on('reset', () => (reset = true));
  await client.reset(3, RstStatus.CANCEL);
  await until('the reset', () => reset);
  await client.waitFor('FIN on the unidirectional stream', () => client.streamData(1).ended);
  streams[1].write(Buffer.from('dropped'));
  assert.equal(client.streamData(3).text, '');
});

test('the client\'s PINGs are echoed; even (server) ids are not', async () => {
  const { client } = connected();
  await client.ping(2);
  await client.ping(5);
  await client.waitFor('the echo', (frames) => frames.some((f) => f.type === 'ping'));
  assert.deepEqual(client.received.filter((f) => f.type === 'ping'), [{ type: 'ping', id: 5 }]);
});

test('an even stream id, or one not above the last, is refused with PROTOCOL_ERROR', async () => {
  const { client, streams } = connected();
  await client.open(2, {});
  await client.open(3, {});
  await client.open(1, {});
  await client.waitFor('two resets', (frames) => frames.filter((f) => f.type === 'rst_stream').length === 2);
  assert.deepEqual(client.received.filter((f) => f.type === 'rst_stream'), [
    { type: 'rst_stream', streamId: 2, status: RstStatus.PROTOCOL_ERROR },
    { type: 'rst_stream', streamId: 1, status: RstStatus.PROTOCOL_ERROR },
  ]);
  assert.equal(streams.length, 1);
});

test('a frame of another version ends the session with GOAWAY PROTOCOL_ERROR and resets its streams', async () => {
  const { session, client, streams, transportClosed } = connected();
  await client.open(1, {});
  await until('the stream', () => streams.length === 1);
  let reset = false;
  streams[0].on('reset', () => (reset = true));
  const v2 = encodePing(1);
  v2.writeUInt16BE(0x8002, 0);
  await client.raw(v2);
  await client.waitFor('GOAWAY', (frames) => frames.some((f) => f.type === 'goaway'));
  assert.deepEqual(client.received.find((f) => f.type === 'goaway'), { type: 'goaway', lastGoodStreamId: 1, status: GoAwayStatus.PROTOCOL_ERROR });
  assert.ok(transportClosed());
  assert.ok(reset);
  session.receive(Buffer.from([0, 0, 0, 1, FLAG_FIN, 0, 0, 0]));
});
