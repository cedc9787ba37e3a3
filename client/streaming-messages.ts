// The messages of proto/streaming-messages.proto as they are decoded (see
// client/proto-file.ts): one shape for the apiserver's PodLogs / PodExec and
// the agent's Logs / Exec, so the relay between them is a plain copy.
import type { ExecInputMessage, ExecOutputMessage, TerminalSize } from './exec-session.js';

export type { TerminalSize };

export interface LogsRequest {
  namespace: string;
  /** The pod's name. */
  name: string;
  /** Empty: the pod's default container. */
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
  /** The pod's name. */
  name: string;
  container?: string;
  command: string[];
  stdin?: boolean;
  tty?: boolean;
}

export type ExecRequest = ExecInputMessage<ExecStart>;
export type ExecOutput = ExecOutputMessage;
