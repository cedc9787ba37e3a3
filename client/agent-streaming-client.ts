// A client for an agent's streaming API (logs, exec, attach and port-forward
// of the pods on its node): what the apiserver's relay and the agent's tests use.
import * as grpc from '@grpc/grpc-js';
import { agentStreamingService, type AgentStreamingStub, type ExecStart, type LogsRequest, type PortForwardStart } from './agent-streaming-definition.js';
import type { Summary } from '../api/types/stats-summary.js';
import { fromServiceError } from './grpc-status.js';
import { apiChannel, type ApiCredentials } from './api-credentials.js';
import { byteStreamOf, readAll, type ByteStream } from './byte-stream.js';
import { openExecSession, type ExecOutputSink, type ExecSession } from './exec-session.js';
import { openPortForwardSession, type PortForwardSession, type PortForwardSink } from './port-forward-session.js';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Cap on gRPC's reconnect backoff, so an agent that restarts is reachable again soon. */
const MAX_RECONNECT_BACKOFF_MS = 5_000;

export class AgentStreamingClient {
  readonly address: string;
  private readonly stub: AgentStreamingStub;

  /**
   * Without a certificateAuthority the channel is plaintext; with one the agent's
   * certificate must chain to it and name the address's host, as towards the apiserver.
   */
  constructor(address: string, credentials: ApiCredentials = {}) {
    this.address = address;
    const Ctor = agentStreamingService();
    const channel = apiChannel(address, credentials);
    this.stub = new Ctor(address, channel.credentials, {
      ...channel.options, 'grpc.max_reconnect_backoff_ms': MAX_RECONNECT_BACKOFF_MS });
  }

  close(): void {
    this.stub.close();
  }

  /** The container's log as it comes; with `follow` it lasts until the container stops or cancel(). */
  logs(req: LogsRequest): ByteStream {
    return byteStreamOf(this.stub.logs(req));
  }

  /** The whole log (not following) as text. */
  async logsText(req: LogsRequest): Promise<string> {
    return (await readAll(this.logs({ ...req, follow: false }))).toString('utf8');
  }

  /** Starts a command; output goes to `sink` as it comes. */
  openExec(start: ExecStart, sink: ExecOutputSink): ExecSession {
    return openExecSession(this.stub.exec(), start, sink, start.stdin === true);
  }

  /** Attaches to the container's main process; `start` names no command. The exit code is 0 when the attachment ended normally. */
  openAttach(start: ExecStart, sink: ExecOutputSink): ExecSession {
    return openExecSession(this.stub.attach(), start, sink, start.stdin === true);
  }

  /** Opens one TCP connection to a port of the pod, from its node. */
  openPortForward(start: PortForwardStart, sink: PortForwardSink): PortForwardSession {
    return openPortForwardSession(this.stub.portForward(), start, sink);
  }

  /** The agent's newest resource usage summary (the kubelet's /stats/summary), within `deadlineMs`. */
  summary(deadlineMs: number): Promise<Summary> {
    return new Promise((resolve, reject) => {
      this.stub.summary({}, new grpc.Metadata(), { deadline: Date.now() + deadlineMs }, (err, reply) => {
        if (err) reject(fromServiceError(err));
        else resolve(JSON.parse(reply?.summaryJson || '{}') as Summary);
      });
    });
  }

  /** Runs a command to completion, optionally feeding it stdin. */
  async exec(start: ExecStart, stdin?: Buffer): Promise<ExecResult> {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const session = this.openExec(
      { ...start, stdin: start.stdin ?? stdin !== undefined },
      { stdout: (c) => stdout.push(c), stderr: (c) => stderr.push(c) },
    );
    if (stdin !== undefined) session.writeStdin(stdin);
    session.closeStdin();
    const exitCode = await session.done;
    return { stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), exitCode };
  }
}
