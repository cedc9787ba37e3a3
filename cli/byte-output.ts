// Where logs and exec output go: bytes as they are to the real stdout and
// stderr, or decoded text to a CliIo that collects it (tests).
import { StringDecoder } from 'node:string_decoder';
import { processIo, type CliIo } from './io.js';

export interface ByteOutput {
  /** False when the stream's buffer is full: wait for drain() before writing more. */
  stdout(chunk: Buffer): boolean;
  stderr(chunk: Buffer): void;
  drain(): Promise<void>;
  /** Emits what a decoder still holds (a character cut between chunks). */
  flush(): void;
}

export function byteOutput(io: CliIo): ByteOutput {
  if (io === processIo) {
    return {
      stdout: (chunk) => process.stdout.write(chunk),
      stderr: (chunk) => void process.stderr.write(chunk),
      drain: () => new Promise((resolve) => process.stdout.once('drain', () => resolve())),
      flush: () => undefined,
    };
  }
  const out = new StringDecoder('utf8');
  const err = new StringDecoder('utf8');
  return {
    stdout: (chunk) => {
      io.out(out.write(chunk));
      return true;
    },
    stderr: (chunk) => io.err(err.write(chunk)),
    drain: () => Promise.resolve(),
    flush: () => {
      io.out(out.end());
      io.err(err.end());
    },
  };
}
