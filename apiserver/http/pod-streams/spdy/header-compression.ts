// SPDY/3 header compression: each direction of a connection is ONE zlib
// stream primed with the SPDY dictionary, and every header block is a
// sync-flushed piece of it. So blocks must be inflated in the order they
// arrived and deflated in the order they are sent; each codec serializes its
// calls. Node's zlib is asynchronous: a block's bytes are read back once the
// flush that ends it has been processed.
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import { decodeHeaderBlock, encodeHeaderBlock, type SpdyHeaders } from './header-block.js';
import { SPDY3_HEADER_DICTIONARY } from './header-dictionary.js';

/** Bounds one inflated header block, so a zlib bomb cannot exhaust memory. */
export const MAX_INFLATED_HEADER_BYTES = 256 * 1024;

class SerialZlib {
  private chain: Promise<unknown> = Promise.resolve();
  private failed: Error | undefined;

  constructor(private readonly stream: Inflate | Deflate, private readonly limit: number) {
    stream.on('error', (err) => {
      this.failed = err;
    });
  }

  /** The bytes `input` turns into, after every earlier call's. */
  process(input: Buffer): Promise<Buffer> {
    const next = this.chain.then(() => this.one(input));
    this.chain = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.stream.close();
  }

  private one(input: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      if (this.failed) {
        reject(this.failed);
        return;
      }
      const onError = (err: Error): void => reject(err);
      this.stream.once('error', onError);
      this.stream.write(input);
      this.stream.flush(constants.Z_SYNC_FLUSH, () => {
        this.stream.off('error', onError);
        if (this.failed) {
          reject(this.failed);
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        for (let chunk = this.stream.read() as Buffer | null; chunk !== null; chunk = this.stream.read() as Buffer | null) {
          chunks.push(chunk);
          size += chunk.length;
        }
        if (size > this.limit) reject(new Error(`a header block inflates to more than ${this.limit} bytes`));
        else resolve(Buffer.concat(chunks));
      });
    });
  }
}

/** Reads the header blocks a peer sends, in order. */
export class HeaderDecompressor {
  private readonly zlib = new SerialZlib(
    createInflate({ dictionary: SPDY3_HEADER_DICTIONARY }),
    MAX_INFLATED_HEADER_BYTES,
  );

  async decode(block: Buffer): Promise<SpdyHeaders> {
    return decodeHeaderBlock(await this.zlib.process(block));
  }

  close(): void {
    this.zlib.close();
  }
}

/** Writes header blocks for a peer, in order. */
export class HeaderCompressor {
  private readonly zlib = new SerialZlib(
    createDeflate({ dictionary: SPDY3_HEADER_DICTIONARY, level: constants.Z_BEST_COMPRESSION }),
    Number.MAX_SAFE_INTEGER,
  );

  encode(headers: SpdyHeaders): Promise<Buffer> {
    return this.zlib.process(encodeHeaderBlock(headers));
  }

  close(): void {
    this.zlib.close();
  }
}
