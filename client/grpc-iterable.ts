// grpc-js server streams are Node Readables, whose async iterator yields `any`;
// this gives the messages back the type the generated stub promised.
import type * as grpc from '@grpc/grpc-js';

export function messagesOf<Message>(call: grpc.ClientReadableStream<Message>): AsyncIterable<Message> {
  return call;
}
