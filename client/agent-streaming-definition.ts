// Loads proto/agent-streaming.proto (the agent's logs and exec service) for
// the agent that serves it and the apiserver that relays to it.
import type * as grpc from '@grpc/grpc-js';
import { loadProtoPackage } from './proto-file.js';

export type { ExecOutput, ExecRequest, ExecStart, LogsRequest, TerminalSize } from './streaming-messages.js';

const PROTO_FILE = 'proto/agent-streaming.proto';

let cached: grpc.ServiceClientConstructor | undefined;

export function agentStreamingService(): grpc.ServiceClientConstructor {
  if (cached) return cached;
  const loaded = loadProtoPackage(PROTO_FILE) as unknown as { flotilla: { agent: { v1: { AgentStreaming: grpc.ServiceClientConstructor } } } };
  cached = loaded.flotilla.agent.v1.AgentStreaming;
  return cached;
}
