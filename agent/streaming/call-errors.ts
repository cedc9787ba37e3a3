// How the agent's streaming calls end in failure: an ApiError status, as on
// the apiserver; anything else (Docker's, the socket's) is an InternalError.
import type * as grpc from '@grpc/grpc-js';
import { ApiError } from '../../api/errors.js';
import { toServiceError } from '../../client/grpc-status.js';

export interface ErrorSink {
  emit(event: 'error', status: Partial<grpc.StatusObject>): boolean;
}

export function failCall(call: ErrorSink, err: unknown): void {
  const status = toServiceError(err instanceof Error && !(err instanceof ApiError) ? new ApiError('InternalError', err.message) : err);
  call.emit('error', status);
}

/** The first message of a client stream; later ones stay queued (the stream is paused) until the caller resumes it. */
export function firstMessage<T>(call: grpc.ServerDuplexStream<T, unknown>): Promise<T | undefined> {
  return new Promise((resolve) => {
    call.once('data', (msg: T) => {
      call.pause();
      resolve(msg);
    });
    call.once('end', () => resolve(undefined));
    call.once('cancelled', () => resolve(undefined));
  });
}
