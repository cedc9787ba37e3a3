import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import {
  encodeData,
  encodeGoAway,
  encodePing,
  encodeRstStream,
  encodeSettings,
  encodeSynReply,
  encodeSynStream,
  encodeWindowUpdate,
  FLAG_FIN,
  FrameError,
  parseFrames,
} from './frames.js';
import { decodeHeaderBlock, encodeHeaderBlock, HeaderBlockError } from './header-block.js';
import { SPDY3_HEADER_DICTIONARY } from './header-dictionary.js';

test('the header dictionary is the spec\'s, byte for byte (1423 bytes, ending enq=0.)', () => {
  assert.equal(SPDY3_HEADER_DICTIONARY.length, 1423);
  assert.equal(SPDY3_HEADER_DICTIONARY.subarray(-6).toString(), 'enq=0.');
  assert.equal(createHash('sha256').update(SPDY3_HEADER_DICTIONARY).digest('hex'), '51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02');
});

test('every frame type parses back to what was encoded', () => {
  const wire = Buffer.concat([
    encodeSynStream(1, Buffer.from('hdr'), FLAG_FIN, 3),
    encodeSynReply(1, Buffer.from('rep')),
    encodeData(3, Buffer.from('payload'), FLAG_FIN),
    encodeRstStream(5, 5),
    encodePing(7),
    encodeGoAway(9, 1),
    encodeWindowUpdate(11, 65_536),
    encodeSettings([{ id: 7, value: 65_536 }]),
  ]);
  const { frames, rest } = parseFrames(wire);
  assert.equal(rest.length, 0);
  assert.deepEqual(frames, [
    { type: 'syn_stream', streamId: 1, associatedId: 0, priority: 3, flags: FLAG_FIN, headerBlock: Buffer.from('hdr') },
    { type: 'syn_reply', streamId: 1, flags: 0, headerBlock: Buffer.from('rep') },
    { type: 'data', streamId: 3, flags: FLAG_FIN, data: Buffer.from('payload') },
    { type: 'rst_stream', streamId: 5, status: 5 },
    { type: 'ping', id: 7 },
    { type: 'goaway', lastGoodStreamId: 9, status: 1 },
    { type: 'window_update', streamId: 11, delta: 65_536 },
    { type: 'settings', flags: 0, count: 1 },
  ]);
});

test('the wire layout is SPDY/3\'s: control bit, version 3, type, flags, 24-bit length', () => {
  assert.deepEqual([...encodePing(1)], [0x80, 0x03, 0x00, 0x06, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 1]);
  assert.deepEqual([...encodeData(1, Buffer.from('hi'), FLAG_FIN)], [0, 0, 0, 1, 0x01, 0, 0, 2, 0x68, 0x69]);
});

test('an incomplete frame waits for more bytes; a frame split anywhere reassembles', () => {
  const wire = Buffer.concat([encodeData(1, Buffer.from('abc')), encodePing(3)]);
  for (let cut = 0; cut <= wire.length; cut++) {
    const first = parseFrames(wire.subarray(0, cut));
    const second = parseFrames(Buffer.concat([first.rest, wire.subarray(cut)]));
    assert.deepEqual([...first.frames, ...second.frames].map((f) => f.type), ['data', 'ping']);
  }
});

test('another SPDY version and a short control payload are FrameErrors; unknown types pass as unknown', () => {
  const v2 = encodePing(1);
  v2.writeUInt16BE(0x8002, 0);
  assert.throws(() => parseFrames(v2), FrameError);
  const short = Buffer.from([0x80, 0x03, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0, 1]);
  assert.throws(() => parseFrames(short), /needs 8/);
  const credential = Buffer.from([0x80, 0x03, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x00]);
  assert.deepEqual(parseFrames(credential).frames, [{ type: 'unknown', frameType: 10 }]);
});

test('header blocks: names lower-cased, several values joined by NUL; bad blocks are refused', () => {
  const block = encodeHeaderBlock({ streamType: ['data'], port: ['80'], multi: ['a', 'b'] });
  assert.deepEqual(decodeHeaderBlock(block), { streamtype: ['data'], port: ['80'], multi: ['a', 'b'] });
  assert.deepEqual(decodeHeaderBlock(encodeHeaderBlock({})), {});
  assert.throws(() => decodeHeaderBlock(block.subarray(0, block.length - 1)), HeaderBlockError);
  const upper = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 0x41, 0, 0, 0, 0]);
  assert.throws(() => decodeHeaderBlock(upper), /not lower case/);
  const twice = Buffer.concat([Buffer.from([0, 0, 0, 2]), encodeHeaderBlock({ a: ['1'] }).subarray(4), encodeHeaderBlock({ a: ['2'] }).subarray(4)]);
  assert.throws(() => decodeHeaderBlock(twice), /appears twice/);
  assert.throws(() => decodeHeaderBlock(Buffer.from([0xff, 0xff, 0xff, 0xff])), /at most/);
});
