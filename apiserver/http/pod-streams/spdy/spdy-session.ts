// The server's side of one SPDY/3.1 connection over any byte transport (for
// kubectl, a WebSocket tunnel): the client opens streams (odd ids) with
// SYN_STREAM, the server accepts each with SYN_REPLY or refuses it with
// RST_STREAM; DATA carries bytes with FIN as each side's end; the client's
// PINGs are echoed. Frames are handled strictly in arrival order, since
// header blocks share one zlib stream per direction. Flow control is not
// enforced: the Go client this serves (spdystream) neither sends nor honours
// WINDOW_UPDATE.
import { EventEmitter } from 'node:events';
import {
  encodeData,
  encodeGoAway,
  encodePing,
  encodeRstStream,
  encodeSynReply,
  FLAG_FIN,
  FLAG_UNIDIRECTIONAL,
  GoAwayStatus,
  MAX_FRAME_PAYLOAD,
  parseFrames,
  RstStatus,
  type Frame,
} from './frames.js';
import { HeaderCompressor, HeaderDecompressor } from './header-compression.js';
import type { SpdyHeaders } from './header-block.js';

/** Where the session's bytes go (a WebSocket, a socket). */
export interface SpdyTransport {
  write(bytes: Buffer): void;
  close(): void;
}

/** Largest DATA payload this side sends; larger writes are split. */
export const MAX_DATA_FRAME_BYTES = 32 * 1024;
/** Bytes of an unfinished frame the session holds before it calls the peer broken. */
export const MAX_BUFFERED_FRAME_BYTES = MAX_FRAME_PAYLOAD + 8;

/** One client-opened stream. Events: 'data' (Buffer), 'end' (the client's FIN), 'reset' (RST_STREAM or the session's end). */
export class SpdyStream extends EventEmitter {
  private replied = false;
  private localEnded = false;
  remoteEnded = false;
  closed = false;

  constructor(
    readonly id: number,
    readonly headers: SpdyHeaders,
    private readonly session: SpdySession,
  ) {
    super();
  }

  /** Accepts the stream (SYN_REPLY with no headers). */
  reply(): void {
    if (this.replied || this.closed) return;
    this.replied = true;
    this.session.sendReply(this.id);
  }

  write(data: Buffer): void {
    if (this.localEnded || this.closed) return;
    this.reply();
    for (let at = 0; at < data.length; at += MAX_DATA_FRAME_BYTES) {
      this.session.sendRaw(encodeData(this.id, data.subarray(at, at + MAX_DATA_FRAME_BYTES)));
    }
  }

  /** This side sends nothing more (DATA with FIN). */
  end(): void {
    if (this.localEnded || this.closed) return;
    this.reply();
    this.localEnded = true;
    this.session.sendRaw(encodeData(this.id, Buffer.alloc(0), FLAG_FIN));
    this.maybeForget();
  }

  /** Ends the stream at once, both ways (RST_STREAM). */
  reset(status: number = RstStatus.CANCEL): void {
    if (this.closed) return;
    this.session.sendRaw(encodeRstStream(this.id, status));
    this.close();
  }

  /** @internal */
  receive(data: Buffer, fin: boolean): void {
    if (this.closed || this.remoteEnded) return;
    if (data.length > 0) this.emit('data', data);
    if (fin) this.remoteEnd();
  }

  /** @internal */
  remoteEnd(): void {
    if (this.remoteEnded) return;
    this.remoteEnded = true;
    this.emit('end');
    this.maybeForget();
  }

  /** @internal: reset by the peer, or the session ended. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.session.forget(this.id);
    this.emit('reset');
  }

  private maybeForget(): void {
    if (this.localEnded && this.remoteEnded && !this.closed) {
      this.closed = true;
      this.session.forget(this.id);
    }
  }
}

/** Events: 'stream' (SpdyStream, not yet replied), 'close' (the session ended; every stream was reset). */
export class SpdySession extends EventEmitter {
  private readonly streams = new Map<number, SpdyStream>();
  private readonly inflater = new HeaderDecompressor();
  private readonly deflater = new HeaderCompressor();
  private pending: Buffer = Buffer.alloc(0);
  /** Frames are handled one after another; a header block holds those behind it until inflated. */
  private queue: Promise<void> = Promise.resolve();
  /** Sends wait here behind any SYN_REPLY still being compressed. */
  private outbox: Promise<void> = Promise.resolve();
  private lastClientStreamId = 0;
  private ended = false;

  constructor(private readonly transport: SpdyTransport) {
    super();
  }

  /** Bytes from the transport. */
  receive(chunk: Buffer): void {
    if (this.ended) return;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let parsed: { frames: Frame[]; rest: Buffer };
    try {
      parsed = parseFrames(this.pending);
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    this.pending = parsed.rest;
    if (this.pending.length > MAX_BUFFERED_FRAME_BYTES) {
      this.fail(new Error('a frame larger than any SPDY frame'));
      return;
    }
    for (const frame of parsed.frames) {
      this.queue = this.queue.then(() => (this.ended ? undefined : this.handle(frame))).catch((err: Error) => this.fail(err));
    }
  }

  /** The transport is gone: every stream is reset. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    for (const stream of [...this.streams.values()]) stream.close();
    this.inflater.close();
    this.deflater.close();
    this.emit('close');
  }

  /** This side is done: the transport closes once every frame queued so far is written. */
  shutdown(): void {
    this.outbox = this.outbox.then(() => {
      if (this.ended) return;
      this.transport.close();
      this.close();
    });
  }

  /** @internal */
  sendReply(id: number): void {
    const block = this.deflater.encode({});
    this.outbox = this.outbox.then(async () => this.write(encodeSynReply(id, await block))).catch((err: Error) => this.fail(err));
  }

  /** @internal */
  sendRaw(frame: Buffer): void {
    this.outbox = this.outbox.then(() => this.write(frame));
  }

  /** @internal */
  forget(id: number): void {
    this.streams.delete(id);
  }

  private write(frame: Buffer): void {
    if (!this.ended) this.transport.write(frame);
  }

  /** A broken peer: GOAWAY with PROTOCOL_ERROR, then the transport closes. */
  private fail(err: Error): void {
    if (this.ended) return;
    this.emit('protocolError', err);
    this.write(encodeGoAway(this.lastClientStreamId, GoAwayStatus.PROTOCOL_ERROR));
    this.transport.close();
    this.close();
  }

  private async handle(frame: Frame): Promise<void> {
    switch (frame.type) {
      case 'syn_stream': {
        const headers = await this.inflater.decode(frame.headerBlock);
        this.open(frame.streamId, headers, frame.flags);
        return;
      }
      case 'syn_reply':
      case 'headers':
        // Nothing to act on, but the block must still pass through the inflater to keep it in step.
        await this.inflater.decode(frame.headerBlock);
        return;
      case 'data': {
        const stream = this.streams.get(frame.streamId);
        if (!stream) {
          if (frame.streamId > this.lastClientStreamId) this.sendRaw(encodeRstStream(frame.streamId, RstStatus.INVALID_STREAM));
          return;
        }
        stream.receive(frame.data, (frame.flags & FLAG_FIN) !== 0);
        return;
      }
      case 'rst_stream':
        this.streams.get(frame.streamId)?.close();
        return;
      case 'ping':
        // Odd ids are the client's: answer them. Even ones would answer pings this side never sends.
        if (frame.id % 2 === 1) this.sendRaw(encodePing(frame.id));
        return;
      case 'goaway':
        this.transport.close();
        this.close();
        return;
      case 'settings':
      case 'window_update':
      case 'unknown':
        return;
    }
  }

  private open(id: number, headers: SpdyHeaders, flags: number): void {
    if (id % 2 === 0 || id <= this.lastClientStreamId) {
      this.sendRaw(encodeRstStream(id, RstStatus.PROTOCOL_ERROR));
      return;
    }
    this.lastClientStreamId = id;
    const stream = new SpdyStream(id, headers, this);
    this.streams.set(id, stream);
    if (flags & FLAG_UNIDIRECTIONAL) stream.end();
    this.emit('stream', stream);
    if (flags & FLAG_FIN) stream.remoteEnd();
  }
}
