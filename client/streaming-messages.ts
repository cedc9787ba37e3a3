// The messages of proto/streaming-messages.proto, as generated from it: one
// shape for the apiserver's PodLogs / PodExec and the agent's Logs / Exec, so
// the relay between them is a plain copy. `X` is what a side sends (every
// field optional); `X__Output` is what it receives, decoded with defaults
// (client/proto-file.ts), so every field is present.
export type { ExecOutput, ExecOutput__Output } from '../proto/generated/flotilla/streaming/v1/ExecOutput.js';
export type { ExecRequest, ExecRequest__Output } from '../proto/generated/flotilla/streaming/v1/ExecRequest.js';
export type { ExecStart, ExecStart__Output } from '../proto/generated/flotilla/streaming/v1/ExecStart.js';
export type { LogChunk, LogChunk__Output } from '../proto/generated/flotilla/streaming/v1/LogChunk.js';
export type { LogsRequest, LogsRequest__Output } from '../proto/generated/flotilla/streaming/v1/LogsRequest.js';
export type { TerminalSize, TerminalSize__Output } from '../proto/generated/flotilla/streaming/v1/TerminalSize.js';
export type { PortForwardStart, PortForwardStart__Output } from '../proto/generated/flotilla/streaming/v1/PortForwardStart.js';
export type { PortForwardRequest, PortForwardRequest__Output } from '../proto/generated/flotilla/streaming/v1/PortForwardRequest.js';
export type { PortForwardOutput, PortForwardOutput__Output } from '../proto/generated/flotilla/streaming/v1/PortForwardOutput.js';
