// The first message of a client stream, leaving the stream paused so later
// messages wait until whoever reads on is ready; undefined when the stream
// ends, fails or is cancelled first.
import type * as grpc from '@grpc/grpc-js';

export function firstMessage<T>(call: grpc.ServerDuplexStream<T, unknown>): Promise<T | undefined> {
  return new Promise((resolve) => {
    const onData = (message: T): void => {
      call.pause();
      finish(message);
    };
    const onGone = (): void => finish(undefined);
    const finish = (message: T | undefined): void => {
      call.off('data', onData);
      call.off('end', onGone);
      call.off('cancelled', onGone);
      call.off('error', onGone);
      resolve(message);
    };
    call.on('data', onData);
    call.once('end', onGone);
    call.once('cancelled', onGone);
    call.once('error', onGone);
  });
}
