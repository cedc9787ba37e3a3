// A server stream of bytes (container logs) as an async iterable.
import type * as grpc from '@grpc/grpc-js';
import { messagesOf } from './grpc-iterable.js';
import { fromServiceError } from './grpc-status.js';
import type { LogChunk__Output } from './streaming-messages.js';

/** Iterate it for chunks; `cancel()` (or leaving the loop) ends it without an error. */
export interface ByteStream extends AsyncIterable<Buffer> {
  cancel(): void;
}

export function byteStreamOf(call: grpc.ClientReadableStream<LogChunk__Output>): ByteStream {
  let cancelled = false;
  const cancel = (): void => {
    cancelled = true;
    call.cancel();
  };
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const message of messagesOf(call)) {
        if (message.data && message.data.length > 0) yield message.data;
      }
    } catch (err) {
      if (cancelled) return;
      throw fromServiceError(err);
    } finally {
      // A consumer that stops reading early must not leave the call open.
      if (!cancelled) cancel();
    }
  }
  const iterator = chunks();
  return { [Symbol.asyncIterator]: () => iterator, cancel };
}

/** Everything a finite stream carries, as one buffer. */
export async function readAll(stream: ByteStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}
