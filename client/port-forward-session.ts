// One forwarded TCP connection over a bidirectional gRPC stream, from either
// end of the relay: the first message names the pod and port, later ones
// carry the client's bytes and its half-close; the replies say when the
// connection to the pod is up, then carry the pod's bytes.
import type * as grpc from '@grpc/grpc-js';
import { ApiError } from '../api/errors.js';
import { fromServiceError } from './grpc-status.js';
import type { PortForwardOutput__Output, PortForwardRequest, PortForwardStart } from './streaming-messages.js';

/** Where the pod's side of a forwarded connection goes. */
export interface PortForwardSink {
  /** The connection to the pod is up. */
  connected(): void;
  data(chunk: Buffer): void;
}

export interface PortForwardSession {
  /**
   * Resolves when the pod's side has closed and everything it sent was
   * delivered; rejects with an ApiError when the connection could not be made
   * or broke (a `the request was cancelled` ServiceUnavailable after cancel()).
   */
  readonly done: Promise<void>;
  /** Sends bytes to the pod; false when the stream's buffer is full (as Writable.write). */
  write(data: Buffer): boolean;
  /** The client sends nothing more (the pod's side sees end of input). */
  end(): void;
  cancel(): void;
}

export function openPortForwardSession(
  call: grpc.ClientDuplexStream<PortForwardRequest, PortForwardOutput__Output>,
  start: PortForwardStart,
  sink: PortForwardSink,
): PortForwardSession {
  let cancelled = false;
  let ended = false;
  const done = new Promise<void>((resolve, reject) => {
    call.on('data', (message: PortForwardOutput__Output) => {
      if (message.connected) sink.connected();
      if (message.data && message.data.length > 0) sink.data(message.data);
    });
    call.on('end', () => resolve());
    call.on('error', (err) => {
      if (cancelled) reject(new ApiError('ServiceUnavailable', 'the request was cancelled'));
      else reject(fromServiceError(err));
    });
  });
  // A caller that only cancels need not await.
  done.catch(() => undefined);
  call.write({ start });
  return {
    done,
    write: (data) => (data.length === 0 || ended || cancelled ? true : call.write({ data })),
    end: () => {
      if (ended || cancelled) return;
      ended = true;
      call.write({ close: true });
      call.end();
    },
    cancel: () => {
      if (cancelled) return;
      cancelled = true;
      call.cancel();
    },
  };
}
