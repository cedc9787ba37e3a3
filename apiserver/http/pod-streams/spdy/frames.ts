// SPDY/3 frames on the wire (draft 3, section 2.2): an 8-byte header, then
// the payload. Control frames start with the control bit, the version (3) and
// a type; data frames with a 31-bit stream id. Header blocks stay compressed
// here (header-compression.ts inflates them in order). Pure functions.
export const SPDY_VERSION = 3;
const FRAME_HEADER_BYTES = 8;
const CONTROL_BIT = 0x80;
const STREAM_ID_MASK = 0x7fffffff;
/** The largest payload a frame's 24-bit length can name. */
export const MAX_FRAME_PAYLOAD = 0xffffff;

export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;

export const FrameType = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const;

/** RST_STREAM status codes (draft 3, section 2.6.3). */
export const RstStatus = {
  PROTOCOL_ERROR: 1,
  INVALID_STREAM: 2,
  REFUSED_STREAM: 3,
  UNSUPPORTED_VERSION: 4,
  CANCEL: 5,
  INTERNAL_ERROR: 6,
  FLOW_CONTROL_ERROR: 7,
  STREAM_IN_USE: 8,
  STREAM_ALREADY_CLOSED: 9,
} as const;

/** GOAWAY status codes (draft 3, section 2.6.6). */
export const GoAwayStatus = { OK: 0, PROTOCOL_ERROR: 1, INTERNAL_ERROR: 2 } as const;

export type Frame =
  | { type: 'data'; streamId: number; flags: number; data: Buffer }
  | { type: 'syn_stream'; streamId: number; associatedId: number; priority: number; flags: number; headerBlock: Buffer }
  | { type: 'syn_reply'; streamId: number; flags: number; headerBlock: Buffer }
  | { type: 'headers'; streamId: number; flags: number; headerBlock: Buffer }
  | { type: 'rst_stream'; streamId: number; status: number }
  | { type: 'settings'; flags: number; count: number }
  | { type: 'ping'; id: number }
  | { type: 'goaway'; lastGoodStreamId: number; status: number }
  | { type: 'window_update'; streamId: number; delta: number }
  /** A control frame type this side does not act on (CREDENTIAL, or one from a later draft). */
  | { type: 'unknown'; frameType: number };

export class FrameError extends Error {}

/** Control-frame payloads shorter than this are malformed. */
const MIN_CONTROL_PAYLOAD: Partial<Record<number, number>> = {
  [FrameType.SYN_STREAM]: 10,
  [FrameType.SYN_REPLY]: 4,
  [FrameType.RST_STREAM]: 8,
  [FrameType.SETTINGS]: 4,
  [FrameType.PING]: 4,
  [FrameType.GOAWAY]: 8,
  [FrameType.HEADERS]: 4,
  [FrameType.WINDOW_UPDATE]: 8,
};

function controlFrame(frameType: number, flags: number, p: Buffer): Frame {
  const min = MIN_CONTROL_PAYLOAD[frameType];
  if (min !== undefined && p.length < min) throw new FrameError(`control frame type ${frameType} has ${p.length} payload bytes, needs ${min}`);
  const id = (): number => p.readUInt32BE(0) & STREAM_ID_MASK;
  switch (frameType) {
    case FrameType.SYN_STREAM:
      return { type: 'syn_stream', streamId: id(), associatedId: p.readUInt32BE(4) & STREAM_ID_MASK, priority: p[8] >> 5, flags, headerBlock: p.subarray(10) };
    case FrameType.SYN_REPLY:
      return { type: 'syn_reply', streamId: id(), flags, headerBlock: p.subarray(4) };
    case FrameType.HEADERS:
      return { type: 'headers', streamId: id(), flags, headerBlock: p.subarray(4) };
    case FrameType.RST_STREAM:
      return { type: 'rst_stream', streamId: id(), status: p.readUInt32BE(4) };
    case FrameType.SETTINGS:
      return { type: 'settings', flags, count: p.readUInt32BE(0) };
    case FrameType.PING:
      return { type: 'ping', id: p.readUInt32BE(0) };
    case FrameType.GOAWAY:
      return { type: 'goaway', lastGoodStreamId: id(), status: p.readUInt32BE(4) };
    case FrameType.WINDOW_UPDATE:
      return { type: 'window_update', streamId: id(), delta: p.readUInt32BE(4) & STREAM_ID_MASK };
    default:
      return { type: 'unknown', frameType };
  }
}

/**
 * The complete frames at the start of `input`, and the bytes of an
 * incomplete one left for the next read. Throws FrameError on a control
 * frame of another SPDY version or a malformed payload.
 */
export function parseFrames(input: Buffer): { frames: Frame[]; rest: Buffer } {
  const frames: Frame[] = [];
  let at = 0;
  while (input.length - at >= FRAME_HEADER_BYTES) {
    const length = input.readUInt32BE(at + 4) & MAX_FRAME_PAYLOAD;
    if (input.length - at < FRAME_HEADER_BYTES + length) break;
    const flags = input[at + 4];
    const payload = input.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + length);
    if (input[at] & CONTROL_BIT) {
      const version = input.readUInt16BE(at) & 0x7fff;
      if (version !== SPDY_VERSION) throw new FrameError(`a control frame of SPDY version ${version}; this server speaks ${SPDY_VERSION}`);
      frames.push(controlFrame(input.readUInt16BE(at + 2), flags, payload));
    } else {
      frames.push({ type: 'data', streamId: input.readUInt32BE(at) & STREAM_ID_MASK, flags, data: payload });
    }
    at += FRAME_HEADER_BYTES + length;
  }
  return { frames, rest: input.subarray(at) };
}

function header(first: number, flags: number, length: number): Buffer {
  if (length > MAX_FRAME_PAYLOAD) throw new FrameError(`a frame payload of ${length} bytes exceeds ${MAX_FRAME_PAYLOAD}`);
  const out = Buffer.alloc(FRAME_HEADER_BYTES);
  out.writeUInt32BE(first >>> 0, 0);
  out.writeUInt32BE((((flags & 0xff) << 24) >>> 0) + length, 4);
  return out;
}

function control(frameType: number, flags: number, payload: Buffer): Buffer {
  return Buffer.concat([header(((CONTROL_BIT << 24) | (SPDY_VERSION << 16) | frameType) >>> 0, flags, payload.length), payload]);
}

function u32s(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeUInt32BE(v >>> 0, i * 4));
  return out;
}

export function encodeData(streamId: number, data: Buffer, flags = 0): Buffer {
  return Buffer.concat([header(streamId & STREAM_ID_MASK, flags, data.length), data]);
}

export function encodeSynStream(streamId: number, headerBlock: Buffer, flags = 0, priority = 0): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt32BE(streamId & STREAM_ID_MASK, 0);
  fixed[8] = (priority & 0x07) << 5;
  return control(FrameType.SYN_STREAM, flags, Buffer.concat([fixed, headerBlock]));
}

export function encodeSynReply(streamId: number, headerBlock: Buffer, flags = 0): Buffer {
  return control(FrameType.SYN_REPLY, flags, Buffer.concat([u32s(streamId & STREAM_ID_MASK), headerBlock]));
}

export function encodeRstStream(streamId: number, status: number): Buffer {
  return control(FrameType.RST_STREAM, 0, u32s(streamId & STREAM_ID_MASK, status));
}

export function encodePing(id: number): Buffer {
  return control(FrameType.PING, 0, u32s(id));
}

export function encodeGoAway(lastGoodStreamId: number, status: number): Buffer {
  return control(FrameType.GOAWAY, 0, u32s(lastGoodStreamId & STREAM_ID_MASK, status));
}

export function encodeWindowUpdate(streamId: number, delta: number): Buffer {
  return control(FrameType.WINDOW_UPDATE, 0, u32s(streamId & STREAM_ID_MASK, delta & STREAM_ID_MASK));
}

export function encodeSettings(entries: readonly { id: number; value: number; flags?: number }[]): Buffer {
  const payload = Buffer.alloc(4 + entries.length * 8);
  payload.writeUInt32BE(entries.length, 0);
  entries.forEach((e, i) => {
    payload.writeUInt32BE((((e.flags ?? 0) << 24) >>> 0) + (e.id & 0xffffff), 4 + i * 8);
    payload.writeUInt32BE(e.value >>> 0, 8 + i * 8);
  });
  return control(FrameType.SETTINGS, 0, payload);
}
