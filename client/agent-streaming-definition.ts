// Loads proto/agent-streaming.proto (the agent's logs and exec service) for
// the agent that serves it and the apiserver that relays to it.
import type * as grpc from '@grpc/grpc-js';
import type { ExecInputMessage, ExecOutputMessage, TerminalSize } from './exec-session.js';
import { loadProtoPackage } from './proto-file.js';

const PROTO_FILE = 'proto/agent-streaming.proto';

let cached: grpc.ServiceClientConstructor | undefined;

export function agentStreamingService(): grpc.ServiceClientConstructor {
  if (cached) return cached;
  const options = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };
  const loaded = loadProtoPackage(PROTO_FILE, options) as unknown as { flotilla: { agent: { v1: { AgentStreaming: grpc.ServiceClientConstructor } } } };
  cached = loaded.flotilla.agent.v1.AgentStreaming;
  return cached;
}

export interface LogsRequest {
  namespace: string;
  pod: string;
  container?: string;
  follow?: boolean;
  tailLines?: number;
  hasTailLines?: boolean;
  previous?: boolean;
  timestamps?: boolean;
  sinceSeconds?: number;
}

export interface ExecStart {
  namespace: string;
  pod: string;
  container?: string;
  command: string[];
  stdin?: boolean;
  tty?: boolean;
}

export type { TerminalSize };

/** The messages of proto/streaming-messages.proto, shared with the apiserver's PodExec. */
export type ExecRequest = ExecInputMessage<ExecStart>;
export type ExecOutput = ExecOutputMessage;
