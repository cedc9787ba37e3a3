// Loads proto/agent-streaming.proto (the agent's logs, exec, attach and port-forward service) for
// the agent that serves it and the apiserver that relays to it.
import type { ProtoGrpcType } from '../proto/generated/agent-streaming.js';
import { loadProtoPackage } from './proto-file.js';

export type {
  ExecOutput,
  ExecOutput__Output,
  ExecRequest,
  ExecRequest__Output,
  ExecStart,
  LogChunk,
  LogsRequest,
  LogsRequest__Output,
  PortForwardOutput,
  PortForwardRequest__Output,
  PortForwardStart,
  TerminalSize,
} from './streaming-messages.js';
export type { AgentStreamingClient as AgentStreamingStub, AgentStreamingHandlers } from '../proto/generated/flotilla/agent/v1/AgentStreaming.js';

const PROTO_FILE = 'proto/agent-streaming.proto';

/** The generated client class of the AgentStreaming service; its `service` is the definition the agent adds. */
export type AgentStreamingConstructor = ProtoGrpcType['flotilla']['agent']['v1']['AgentStreaming'];

let cached: AgentStreamingConstructor | undefined;

export function agentStreamingService(): AgentStreamingConstructor {
  cached ??= loadProtoPackage<ProtoGrpcType>(PROTO_FILE).flotilla.agent.v1.AgentStreaming;
  return cached;
}
