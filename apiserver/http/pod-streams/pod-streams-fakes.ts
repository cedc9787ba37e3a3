// Fakes of the agents behind the pod stream routes: logs, exec and attach
// sessions and forwarded connections the tests drive by hand.
import { ApiError, badRequest, notFound } from '../../../api/errors.js';
import type { Pod } from '../../../api/types/index.js';
import type { ByteStream } from '../../../client/byte-stream.js';
import type { ExecOutputSink, ExecSession } from '../../../client/exec-session.js';
import type { ExecStart, LogsRequest } from '../../../client/streaming-messages.js';
import type { PortForwardSession, PortForwardSink } from '../../../client/port-forward-session.js';
import type { AttachTarget, ExecTarget, LogsTarget, PodStreamRelay, PortForwardTarget } from '../../streaming/pod-relay.js';
import type { UserInfo } from '../request-context.js';

export const USER: UserInfo = { name: 'admin', uid: '1', groups: ['system:masters'] };
export const POD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' } } as Pod;

/** A log stream the test feeds by hand. */
export class FakeLog implements ByteStream {
  cancelled = false;
  private readonly queue: (Buffer | Error | null)[] = [];
  private wake: (() => void) | undefined;

  push(item: string | Error | null): void {
    this.queue.push(typeof item === 'string' ? Buffer.from(item) : item);
    this.wake?.();
  }

  cancel(): void {
    this.cancelled = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for (;;) {
      if (this.cancelled) return;
      const item = this.queue.shift();
      if (item === undefined) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      if (item === null) return;
      if (item instanceof Error) throw item;
      yield item;
    }
  }
}

/** An exec the test drives: it sees what the client sent and ends the command when told. */
export class FakeExec implements ExecSession {
  readonly stdin: string[] = [];
  readonly resizes: [number, number][] = [];
  stdinClosed = false;
  cancelled = false;
  readonly done: Promise<number>;
  private settle!: { resolve(code: number): void; reject(err: unknown): void };

  constructor(
    readonly start: ExecStart,
    readonly sink: ExecOutputSink,
    private readonly onStdinClosed: (exec: FakeExec) => void,
  ) {
    this.done = new Promise<number>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
  }

  writeStdin(data: Buffer): boolean {
    this.stdin.push(data.toString());
    return true;
  }

  closeStdin(): void {
    this.stdinClosed = true;
    this.onStdinClosed(this);
  }

  resize(width: number, height: number): void {
    this.resizes.push([width, height]);
  }

  cancel(): void {
    this.cancelled = true;
    this.settle.reject(new ApiError('ServiceUnavailable', 'the request was cancelled'));
  }

  exit(code: number): void {
    this.settle.resolve(code);
  }

  fail(err: unknown): void {
    this.settle.reject(err);
  }
}

/** One forwarded connection the test drives: it sees the client's bytes and ends when told. */
export class FakeForward implements PortForwardSession {
  readonly received: Buffer[] = [];
  ended = false;
  cancelled = false;
  readonly done: Promise<void>;
  private settle!: { resolve(): void; reject(err: unknown): void };

  constructor(
    readonly port: number,
    readonly sink: PortForwardSink,
  ) {
    this.done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
  }

  write(data: Buffer): boolean {
    this.received.push(Buffer.from(data));
    return true;
  }

  end(): void {
    this.ended = true;
  }

  cancel(): void {
    this.cancelled = true;
    this.settle.reject(new ApiError('ServiceUnavailable', 'the request was cancelled'));
  }

  finish(): void {
    this.settle.resolve();
  }

  fail(err: unknown): void {
    this.settle.reject(err);
  }
}

/** Pods named `missing` do not exist; `pair` has two containers; anything else opens the fakes. */
export class FakeRelay implements PodStreamRelay {
  readonly logRequests: LogsRequest[] = [];
  readonly logs: FakeLog[] = [];
  readonly execs: FakeExec[] = [];
  readonly attaches: FakeExec[] = [];
  readonly forwards: FakeForward[] = [];
  /** Runs on each forwarded connection as it opens. */
  onForward: (forward: FakeForward) => void = () => undefined;
  /** Runs on each exec as it opens. */
  onExec: (exec: FakeExec) => void = () => undefined;
  /** Runs when the client ends stdin; by default the command ends with 0. */
  onStdinClosed: (exec: FakeExec) => void = (exec) => exec.exit(0);

  private check(name: string | undefined): void {
    if (name === 'missing') throw notFound('pods', name);
    if (name === 'pair') throw badRequest('a container name must be specified for pod pair, choose one of: [a b]');
  }

  async prepareLogs(req: LogsRequest): Promise<LogsTarget> {
    this.check(req.name);
    this.logRequests.push(req);
    return {
      pod: POD,
      container: 'app',
      open: () => {
        const log = new FakeLog();
        this.logs.push(log);
        return log;
      },
    };
  }

  async prepareExec(start: ExecStart): Promise<ExecTarget> {
    this.check(start.name);
    if (!start.command || start.command.length === 0) throw badRequest('you must specify at least one command for the container');
    return {
      pod: POD,
      container: 'app',
      open: (sink) => {
        const exec = new FakeExec(start, sink, (e) => this.onStdinClosed(e));
        this.execs.push(exec);
        queueMicrotask(() => this.onExec(exec));
        return exec;
      },
    };
  }

  /** Pods named `tty` have a container with stdin and a TTY; others keep no stdin open. */
  async prepareAttach(start: ExecStart): Promise<AttachTarget> {
    this.check(start.name);
    const open = start.name === 'tty';
    return {
      pod: POD,
      container: 'app',
      stdin: open,
      tty: open,
      open: (sink) => {
        const attach = new FakeExec(start, sink, (e) => this.onStdinClosed(e));
        this.attaches.push(attach);
        return attach;
      },
    };
  }

  async preparePortForward(_namespace: string, name: string): Promise<PortForwardTarget> {
    this.check(name);
    return {
      pod: POD,
      open: (port, sink) => {
        const forward = new FakeForward(port, sink);
        this.forwards.push(forward);
        queueMicrotask(() => this.onForward(forward));
        return forward;
      },
    };
  }
}
