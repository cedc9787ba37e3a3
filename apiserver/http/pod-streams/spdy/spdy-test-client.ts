// The client's side of a SPDY/3 connection, for tests of the server's: it
// opens streams with compressed headers and records what comes back, header
// blocks inflated in order. Test support only; kubectl is the real client.
import { encodeData, encodePing, encodeRstStream, encodeSynStream, FLAG_FIN, parseFrames, type Frame } from './frames.js';
import type { SpdyHeaders } from './header-block.js';
import { HeaderCompressor, HeaderDecompressor } from './header-compression.js';

export type ReceivedFrame = Frame & { headers?: SpdyHeaders };

const WAIT_TIMEOUT_MS = 5_000;

export class SpdyTestClient {
  readonly received: ReceivedFrame[] = [];
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private pending: Buffer = Buffer.alloc(0);
  private queue: Promise<void> = Promise.resolve();
  private outbox: Promise<void> = Promise.resolve();
  private waiters: (() => void)[] = [];

  constructor(private readonly send: (bytes: Buffer) => void) {}

  /** Bytes from the server. */
  receive(chunk: Buffer): void {
    const { frames, rest } = parseFrames(Buffer.concat([this.pending, chunk]));
    this.pending = rest;
    for (const frame of frames) {
      this.queue = this.queue.then(async () => {
        const headers = 'headerBlock' in frame ? await this.decompressor.decode(frame.headerBlock) : undefined;
        this.received.push(headers ? { ...frame, headers } : frame);
        for (const wake of this.waiters.splice(0)) wake();
      });
    }
  }

  open(id: number, headers: SpdyHeaders, flags = 0): Promise<void> {
    const block = this.compressor.encode(headers);
    return this.enqueue(async () => this.send(encodeSynStream(id, await block, flags)));
  }

  data(id: number, data: Buffer | string, fin = false): Promise<void> {
    return this.enqueue(() => this.send(encodeData(id, Buffer.from(data), fin ? FLAG_FIN : 0)));
  }

  reset(id: number, status: number): Promise<void> {
    return this.enqueue(() => this.send(encodeRstStream(id, status)));
  }

  ping(id: number): Promise<void> {
    return this.enqueue(() => this.send(encodePing(id)));
  }

  raw(bytes: Buffer): Promise<void> {
    return this.enqueue(() => this.send(bytes));
  }

  /** The bytes received on a stream so far, and whether it has ended (FIN). */
  streamData(id: number): { text: string; ended: boolean } {
    const frames = this.received.filter((f): f is Extract<Frame, { type: 'data' }> => f.type === 'data' && f.streamId === id);
    return { text: Buffer.concat(frames.map((f) => f.data)).toString(), ended: frames.some((f) => (f.flags & FLAG_FIN) !== 0) };
  }

  /** Resolves once a received frame satisfies `match`. */
  async waitFor(what: string, match: (frames: ReceivedFrame[]) => boolean): Promise<void> {
    const deadline = Date.now() + WAIT_TIMEOUT_MS;
    while (!match(this.received)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received ${JSON.stringify(this.received.map((f) => f.type))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, WAIT_TIMEOUT_MS);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.compressor.close();
    this.decompressor.close();
  }

  private enqueue(step: () => void | Promise<void>): Promise<void> {
    this.outbox = this.outbox.then(step);
    return this.outbox;
  }
}
