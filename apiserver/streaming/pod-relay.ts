// The half of a logs, exec, attach or port-forward relay that does not depend on the front end:
// check the request against the pod, find the container and its node's
// agent, then open the agent's stream. The gRPC service and the HTTP API's
// handlers share it, so both answer the same errors and reach the same agent.
import { ApiError, badRequest, isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { Node, Pod } from '../../api/types/index.js';
import type { ByteStream } from '../../client/byte-stream.js';
import type { ExecOutputSink, ExecSession } from '../../client/exec-session.js';
import type { PortForwardSession, PortForwardSink } from '../../client/port-forward-session.js';
import type { ExecStart, LogsRequest, PortForwardStart } from '../../client/streaming-messages.js';
import type { Registry } from '../registry/registry.js';
import { chooseContainer } from './container-choice.js';
import { assertLogsAvailable } from './log-availability.js';
import { agentEndpoint } from './node-endpoint.js';

const PODS = resources.pods;
const NODES = resources.nodes;

/** The prefix client/grpc-status.ts gives transport failures; from an agent they are not about the apiserver. */
const UNREACHABLE_PREFIX = 'the server is not reachable';

/** What the agent's failures mean to the user of the apiserver. */
export function relayError(err: unknown): unknown {
  if (isApiError(err, 'ServiceUnavailable') && err.message.startsWith(UNREACHABLE_PREFIX)) {
    const detail = err.message.slice(UNREACHABLE_PREFIX.length).replace(/^:\s*/, '');
    return new ApiError('InternalError', `error dialing backend: ${detail}`);
  }
  return err;
}

/** A logs request that passed every check; open() starts the agent's stream. */
export interface LogsTarget {
  pod: Pod;
  container: string;
  open(): ByteStream;
}

/** An exec request that passed every check; open() starts the command through the agent. */
export interface ExecTarget {
  pod: Pod;
  container: string;
  open(sink: ExecOutputSink): ExecSession;
}

/** An attach that passed every check: which streams the container has, and open() to attach through the agent. */
export interface AttachTarget extends ExecTarget {
  /** The container was created with an open stdin (spec `stdin`); only then does the client's stdin reach it. */
  stdin: boolean;
  /** The container has a TTY (spec `tty`): its output is one stream, and resizes apply. */
  tty: boolean;
}

/** A port-forward that passed every check; open() makes one connection to a port of the pod. */
export interface PortForwardTarget {
  pod: Pod;
  open(port: number, sink: PortForwardSink): PortForwardSession;
}

/**
 * The relay as its front ends see it. Checking (async, may throw an ApiError)
 * is apart from opening (sync), so a front end can answer an error in its own
 * way and give up cheaply when its client left while the pod was being read.
 */
export interface PodStreamRelay {
  prepareLogs(req: LogsRequest): Promise<LogsTarget>;
  prepareExec(start: ExecStart): Promise<ExecTarget>;
  prepareAttach(start: ExecStart): Promise<AttachTarget>;
  preparePortForward(namespace: string, name: string): Promise<PortForwardTarget>;
}

/** What the relay reads pods and nodes through (the apiserver's Registry). */
export type PodSource = Pick<Registry, 'get'>;

/** The agent's side of one node (AgentStreamingClient). */
export interface AgentStreams {
  logs(req: LogsRequest): ByteStream;
  openExec(start: ExecStart, sink: ExecOutputSink): ExecSession;
  openAttach(start: ExecStart, sink: ExecOutputSink): ExecSession;
  openPortForward(start: PortForwardStart, sink: PortForwardSink): PortForwardSession;
}

/** Agents by address (AgentClientPool). */
export interface AgentDirectory {
  get(address: string): AgentStreams;
}

interface Located {
  pod: Pod;
  container: string;
  address: string;
}

/** A stream that forgets itself once iterated to the end, left or cancelled. */
function untrackedWhenDone(stream: ByteStream, untrack: () => void): ByteStream {
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      yield* stream;
    } finally {
      untrack();
    }
  }
  const iterator = chunks();
  return {
    [Symbol.asyncIterator]: () => iterator,
    cancel: () => {
      untrack();
      stream.cancel();
    },
  };
}

/** A completed pod has no process to reach (the kube-apiserver's words, with `what` the verb). */
function assertNotCompleted(pod: Pod, what: string): void {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw badRequest(`cannot ${what} a completed pod; current phase is ${phase}`);
}

export class PodRelay implements PodStreamRelay {
  /** How to end each stream still open, for stop(). */
  private readonly open = new Set<() => void>();

  constructor(
    private readonly pods: PodSource,
    private readonly agents: AgentDirectory,
  ) {}

  async prepareLogs(req: LogsRequest): Promise<LogsTarget> {
    const target = await this.locate(req.namespace ?? '', req.name ?? '', req.container ?? undefined);
    assertLogsAvailable(target.pod, target.container, req.previous === true);
    return {
      pod: target.pod,
      container: target.container,
      open: () => {
        const stream = this.agents.get(target.address).logs({ ...req, container: target.container });
        const untrack = this.track(() => stream.cancel());
        return untrackedWhenDone(stream, untrack);
      },
    };
  }

  async prepareExec(start: ExecStart): Promise<ExecTarget> {
    if (!start.command || start.command.length === 0) throw badRequest('you must specify at least one command for the container');
    const target = await this.locate(start.namespace ?? '', start.name ?? '', start.container ?? undefined);
    assertNotCompleted(target.pod, 'exec into a container in');
    return {
      pod: target.pod,
      container: target.container,
      open: (sink) => this.tracked(this.agents.get(target.address).openExec({ ...start, container: target.container }, sink)),
    };
  }

  async prepareAttach(start: ExecStart): Promise<AttachTarget> {
    const target = await this.locate(start.namespace ?? '', start.name ?? '', start.container ?? undefined);
    assertNotCompleted(target.pod, 'attach to a container in');
    const spec = [...(target.pod.spec?.containers ?? []), ...(target.pod.spec?.initContainers ?? [])].find((c) => c.name === target.container);
    const stdin = spec?.stdin === true;
    const tty = spec?.tty === true;
    return {
      pod: target.pod,
      container: target.container,
      stdin,
      tty,
      open: (sink) => {
        const attach = { ...start, command: [], container: target.container, stdin: start.stdin === true && stdin, tty };
        return this.tracked(this.agents.get(target.address).openAttach(attach, sink));
      },
    };
  }

  async preparePortForward(namespace: string, name: string): Promise<PortForwardTarget> {
    const target = await this.locateNode(namespace, name);
    assertNotCompleted(target.pod, 'forward ports of');
    return {
      pod: target.pod,
      open: (port, sink) => {
        const session = this.agents.get(target.address).openPortForward({ namespace, name, port }, sink);
        const untrack = this.track(() => session.cancel());
        session.done.then(untrack, untrack);
        return session;
      },
    };
  }

  private tracked(session: ExecSession): ExecSession {
    const untrack = this.track(() => session.cancel());
    session.done.then(untrack, untrack);
    return session;
  }

  /** Cancels every stream still open (the apiserver is going down), whichever front end opened it. */
  stop(): void {
    for (const end of [...this.open]) end();
    this.open.clear();
  }

  private track(end: () => void): () => void {
    this.open.add(end);
    return () => this.open.delete(end);
  }

  private async locate(namespace: string, name: string, container: string | undefined): Promise<Located> {
    const { pod, address } = await this.locateNode(namespace, name);
    return { pod, container: chooseContainer(pod, container || undefined), address };
  }

  /** The pod and its node's agent. */
  private async locateNode(namespace: string, name: string): Promise<Omit<Located, 'container'>> {
    if (!name) throw badRequest('the request names no pod');
    const pod = (await this.pods.get(PODS, namespace, name)) as Pod;
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
    const node = (await this.pods.get(NODES, '', nodeName)) as Node;
    return { pod, address: agentEndpoint(node) };
  }
}
