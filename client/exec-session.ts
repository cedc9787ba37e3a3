// One exec over a bidirectional gRPC stream, from either end of the relay
// (flotctl -> apiserver, apiserver -> agent): the first message starts the
// command, later ones carry stdin, its end and terminal resizes; the replies
// carry stdout, stderr and finally the exit code.
import type * as grpc from '@grpc/grpc-js';
import { ApiError } from '../api/errors.js';
import { fromServiceError } from './grpc-status.js';
import type { ExecOutput__Output, ExecRequest, ExecStart } from './streaming-messages.js';

/** Where a session's output goes, as it arrives. */
export interface ExecOutputSink {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
}

export interface ExecSession {
  /**
   * The remote command's exit code once it has ended. Rejects with an ApiError
   * when the exec could not start or the stream broke, and with a
   * `the request was cancelled` ServiceUnavailable after cancel().
   */
  readonly done: Promise<number>;
  /** Sends stdin bytes; false when the stream's buffer is full (as Writable.write). */
  writeStdin(data: Buffer): boolean;
  /** Ends the command's stdin (when attached) and this side's writes; nothing more can be sent. */
  closeStdin(): void;
  resize(width: number, height: number): void;
  cancel(): void;
}

export function openExecSession(
  call: grpc.ClientDuplexStream<ExecRequest, ExecOutput__Output>,
  start: ExecStart,
  sink: ExecOutputSink,
  stdinAttached: boolean,
): ExecSession {
  let cancelled = false;
  let inputEnded = false;
  let exitCode: number | undefined;
  const done = new Promise<number>((resolve, reject) => {
    call.on('data', (message: ExecOutput__Output) => {
      if (message.stdout && message.stdout.length > 0) sink.stdout(message.stdout);
      if (message.stderr && message.stderr.length > 0) sink.stderr(message.stderr);
      if (message.exited) exitCode = Number(message.exitCode ?? 0);
    });
    call.on('end', () => {
      if (exitCode !== undefined) resolve(exitCode);
      else reject(new ApiError('InternalError', 'the exec stream ended without an exit code'));
    });
    call.on('error', (err) => {
      if (cancelled) reject(new ApiError('ServiceUnavailable', 'the request was cancelled'));
      else reject(fromServiceError(err));
    });
  });
  // A caller that only cancels need not await.
  done.catch(() => undefined);
  const send = (message: ExecRequest): boolean => (inputEnded || cancelled ? true : call.write(message));
  call.write({ start });
  return {
    done,
    writeStdin: (data) => (data.length === 0 ? true : send({ stdin: data })),
    closeStdin: () => {
      if (inputEnded || cancelled) return;
      // Without stdin there is nothing to close remotely; only this side's writes end.
      if (stdinAttached) call.write({ stdinClose: true });
      inputEnded = true;
      call.end();
    },
    resize: (width, height) => {
      send({ resize: { width, height } });
    },
    cancel: () => {
      if (cancelled) return;
      cancelled = true;
      call.cancel();
    },
  };
}
