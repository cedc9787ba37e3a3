// Loads proto/agent-streaming.proto (the agent's logs and exec service) for
// the agent that serves it and the apiserver that relays to it.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { findProtoFile } from './proto-file.js';

const PROTO_FILE = 'proto/agent-streaming.proto';

let cached: grpc.ServiceClientConstructor | undefined;

export function agentStreamingService(): grpc.ServiceClientConstructor {
  if (cached) return cached;
  const definition = protoLoader.loadSync(findProtoFile(PROTO_FILE), { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as { flotilla: { agent: { v1: { AgentStreaming: grpc.ServiceClientConstructor } } } };
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

export interface TerminalSize {
  width: number;
  height: number;
}

export interface ExecRequest {
  start?: ExecStart;
  stdin?: Buffer;
  stdinClose?: boolean;
  resize?: TerminalSize;
}

export interface ExecOutput {
  stdout?: Buffer;
  stderr?: Buffer;
  exited?: boolean;
  exitCode?: number;
}
