// The agent's only door to Docker: list, inspect, create, start, stop, remove,
// images, exec, logs and events, all scoped to this node's labelled containers.
import { PassThrough, type Readable } from 'node:stream';
import Docker from 'dockerode';
import { systemClock, type Clock } from '../clock.js';
import { containerIdentity, identityFromPoolName, LABEL_NETWORK, LABEL_NODE, LABEL_POD_UID, LABEL_SANDBOX_POOL } from '../labels.js';
import type { BusyboxPaths, ContainerEvent, ContainerEventStream, ContainerRuntime, ContainerSummary, CreateOptions, ExecResult, ImageCommand, PoolMember, RuntimeContainer, RuntimeState } from './runtime-types.js';
import { FreshRead } from './fresh-read.js';
import { InspectCache } from './inspect-cache.js';
import { onLines } from './stream-lines.js';
import { parseContainerEvent } from './container-event.js';
import { setUtsHostname } from './uts-hostname.js';

/** Docker answers 304 to stopping a stopped container and 404 to unknown ones. */
const NOT_MODIFIED = 304;
const NOT_FOUND = 404;
const CONFLICT = 409;
/** A ping slower than this counts as a runtime that is down. */
const DOCKER_PING_TIMEOUT_MS = 5_000;
/** Exec output kept for probe and hook messages. */
const MAX_EXEC_OUTPUT_BYTES = 10 * 1024;

interface DockerError {
  statusCode?: number;
  json?: { message?: string };
  message?: string;
}

export function dockerStatus(err: unknown): number | undefined {
  return (err as DockerError | undefined)?.statusCode;
}

export function dockerMessage(err: unknown): string {
  const e = err as DockerError | undefined;
  return (e?.json?.message ?? e?.message ?? String(err)).trim();
}

function toState(status: string | undefined): RuntimeState {
  if (status === 'running' || status === 'restarting' || status === 'paused') return 'running';
  if (status === 'exited' || status === 'dead') return 'exited';
  if (status === 'created') return 'created';
  return 'unknown';
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

function dockerTime(value: string | undefined): string | undefined {
  if (!value || value === ZERO_TIME) return undefined;
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A listed container's name: Docker lists names with their leading slash. */
function listedName(c: Docker.ContainerInfo): string {
  return (c.Names?.[0] ?? '').replace(/^\//, '');
}

function summaryOf(c: Docker.ContainerInfo): ContainerSummary {
  const podUid = c.Labels?.[LABEL_POD_UID] ?? identityFromPoolName(c.Labels, listedName(c))?.podUid ?? '';
  return { id: c.Id, podUid, running: c.State === 'running' };
}

/** Image configs hold argv lists; the typings also allow one string, or null. */
function asArgv(value: string | string[] | null | undefined): string[] {
  if (Array.isArray(value)) return value;
  return value ? [value] : [];
}

function fromInspect(info: Docker.ContainerInspectInfo, nowMs: number): RuntimeContainer | undefined {
  const identity = containerIdentity(info.Config.Labels, info.Name);
  if (!identity) return undefined;
  const addresses: Record<string, string> = {};
  for (const [name, net] of Object.entries(info.NetworkSettings?.Networks ?? {})) {
    if (net?.IPAddress) addresses[name] = net.IPAddress;
  }
  return {
    ...identity,
    id: info.Id,
    dockerName: info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    imageID: info.Image,
    state: toState(info.State.Status),
    exitCode: info.State.ExitCode ?? 0,
    oomKilled: info.State.OOMKilled === true,
    error: info.State.Error ?? '',
    createdAt: dockerTime(info.Created) ?? new Date(nowMs).toISOString(),
    startedAt: dockerTime(info.State.StartedAt),
    finishedAt: dockerTime(info.State.FinishedAt),
    addresses,
    ...(info.Config.Labels?.[LABEL_SANDBOX_POOL] !== undefined ? { pooled: true } : {}),
  };
}

export interface LogOptions {
  follow: boolean;
  tail?: number;
  timestamps?: boolean;
  sinceSeconds?: number;
}

export class DockerRuntime implements ContainerRuntime {
  readonly docker: Docker;
  readonly node: string;
  private readonly nodeContainers: FreshRead<Docker.ContainerInfo[]>;
  private readonly inspected: InspectCache;
  /** Inspections are reused only while an event stream reports what changes behind the agent's back. */
  private eventsLive = false;

  constructor(
    node: string,
    docker: Docker = new Docker(),
    private readonly clock: Clock = systemClock,
  ) {
    this.node = node;
    this.docker = docker;
    this.inspected = new InspectCache(() => clock.now());
    this.nodeContainers = new FreshRead(async () => {
      const listed = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL_NODE}=${node}`] } });
      this.inspected.retain(new Set(listed.map((c) => c.Id)));
      return listed;
    });
  }

  /** Rejects when the engine does not answer within DOCKER_PING_TIMEOUT_MS. */
  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Docker did not answer a ping within ${DOCKER_PING_TIMEOUT_MS} ms`)), DOCKER_PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.docker.ping(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async version(): Promise<string> {
    const v = await this.docker.version();
    return v.Version;
  }

  info(): Promise<{ NCPU: number; MemTotal: number; OperatingSystem: string; KernelVersion: string; ServerVersion: string; Architecture: string }> {
    return this.docker.info() as Promise<{ NCPU: number; MemTotal: number; OperatingSystem: string; KernelVersion: string; ServerVersion: string; Architecture: string }>;
  }

  /**
   * Creates the agent's bridge network when missing (on `subnet` when given,
   * so a node keeps the pod CIDR it published), and answers the network's
   * IPv4 subnet: the node's pod CIDR.
   */
  async ensureNetwork(name: string, subnet?: string): Promise<string | undefined> {
    const existing = await this.networkSubnet(name);
    if (existing.found) return existing.subnet;
    try {
      await this.docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: { [LABEL_NETWORK]: '1', [LABEL_NODE]: this.node },
        ...(subnet ? { IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] } } : {}),
      });
    } catch (err) {
      // Another agent sharing the engine may have created it a moment ago.
      if (dockerStatus(err) !== CONFLICT) throw err;
    }
    return (await this.networkSubnet(name)).subnet;
  }

  /** The IPv4 subnet of a network, if it exists. */
  async networkSubnet(name: string): Promise<{ found: boolean; subnet?: string }> {
    const networks = await this.docker.listNetworks({ filters: { name: [name] } });
    const net = networks.find((n) => n.Name === name);
    if (!net) return { found: false };
    const subnet = (net.IPAM?.Config ?? []).map((c) => c.Subnet ?? '').find((s) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(s));
    return subnet ? { found: true, subnet } : { found: true };
  }

  /**
   * Every container of this node (optionally of one pod), without inspecting
   * them; a claimed pool sandbox counts for the pod its name gives. One list
   * of the node serves every pod worker asking at the same time.
   */
  async listSummaries(podUid?: string): Promise<ContainerSummary[]> {
    const listed = await this.nodeContainers.get();
    return listed.map(summaryOf).filter((c) => c.podUid !== '' && (!podUid || c.podUid === podUid));
  }

  /** The warm pool's pause containers of this node, claimed or not. */
  async listPool(): Promise<PoolMember[]> {
    const list = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL_SANDBOX_POOL}=${this.node}`] } });
    return list.map((c) => ({ id: c.Id, dockerName: listedName(c), running: c.State === 'running', podUid: identityFromPoolName(c.Labels, listedName(c))?.podUid }));
  }

  async rename(id: string, name: string): Promise<void> {
    this.inspected.forget(id);
    await this.docker.getContainer(id).rename({ name });
  }

  /** The image's ENTRYPOINT and CMD when it is present locally. */
  async imageCommand(ref: string): Promise<ImageCommand | undefined> {
    try {
      const config = (await this.docker.getImage(ref).inspect()).Config;
      return { entrypoint: asArgv(config.Entrypoint), cmd: asArgv(config.Cmd) };
    } catch (err) {
      if (dockerStatus(err) === NOT_FOUND) return undefined;
      throw err;
    }
  }

  setHostname(id: string, hostname: string, busybox: BusyboxPaths): Promise<void> {
    return setUtsHostname(this.docker, id, hostname, busybox);
  }

  /** Every container of one pod, inspected (or as last inspected, when the engine lists it unchanged). */
  async podContainers(podUid: string): Promise<RuntimeContainer[]> {
    const listed = (await this.nodeContainers.get()).filter((c) => summaryOf(c).podUid === podUid);
    const inspected = await Promise.all(listed.map((c) => this.inspectListed(c)));
    return inspected.filter((c): c is RuntimeContainer => c !== undefined);
  }

  private inspectListed(listed: Docker.ContainerInfo): Promise<RuntimeContainer | undefined> {
    return this.reuseOrInspect(listed.Id, () => this.inspected.get(listed.Id, listed.State));
  }

  async containersById(ids: readonly string[]): Promise<RuntimeContainer[]> {
    const found = await Promise.all(ids.map((id) => this.reuseOrInspect(id, () => this.inspected.unchanged(id))));
    return found.filter((c): c is RuntimeContainer => c !== undefined);
  }

  /** The cached inspection `cachedEntry` answers, while the event stream is open; else a fresh one. */
  private async reuseOrInspect(id: string, cachedEntry: () => RuntimeContainer | undefined): Promise<RuntimeContainer | undefined> {
    const cached = this.eventsLive ? cachedEntry() : undefined;
    // Callers may change what they get; the cache keeps its own copy.
    return cached ? structuredClone(cached) : this.inspect(id);
  }

  async inspect(id: string): Promise<RuntimeContainer | undefined> {
    const mark = this.inspected.mark();
    try {
      const info = await this.docker.getContainer(id).inspect();
      const container = fromInspect(info, this.clock.now());
      if (container) this.inspected.set(id, mark, info.State.Status, structuredClone(container));
      return container;
    } catch (err) {
      if (dockerStatus(err) === NOT_FOUND) return undefined;
      throw err;
    }
  }

  async create(options: CreateOptions): Promise<string> {
    const container = await this.docker.createContainer(options);
    return container.id;
  }

  async start(id: string): Promise<void> {
    this.inspected.forget(id);
    try {
      await this.docker.getContainer(id).start();
    } catch (err) {
      if (dockerStatus(err) !== NOT_MODIFIED) throw err;
    }
  }

  /** Docker's stop: the image's stop signal, then SIGKILL after `graceSeconds`. */
  async stop(id: string, graceSeconds: number): Promise<void> {
    this.inspected.forget(id);
    try {
      await this.docker.getContainer(id).stop({ t: Math.max(0, Math.ceil(graceSeconds)) });
    } catch (err) {
      const status = dockerStatus(err);
      if (status !== NOT_MODIFIED && status !== NOT_FOUND) throw err;
    }
  }

  /**
   * Removes a sandbox: detaches it from the pod network first. Docker 20.10
   * can leak the endpoint of a container force-removed while many others are
   * removed at once, leaving a network that cannot be deleted.
   */
  async removeSandbox(id: string, network: string): Promise<void> {
    await this.docker
      .getNetwork(network)
      .disconnect({ Container: id, Force: true })
      .catch(() => undefined);
    await this.remove(id);
  }

  async remove(id: string): Promise<void> {
    this.inspected.forget(id);
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
    } catch (err) {
      if (dockerStatus(err) !== NOT_FOUND) throw err;
    }
  }

  /** The image's ID when it is present locally. */
  async imageID(ref: string): Promise<string | undefined> {
    try {
      const info = await this.docker.getImage(ref).inspect();
      return info.Id;
    } catch (err) {
      if (dockerStatus(err) === NOT_FOUND) return undefined;
      throw err;
    }
  }

  /** Pulls an image; rejects with Docker's message when the registry says no. */
  async pull(ref: string): Promise<void> {
    const stream = (await this.docker.pull(ref)) as Readable;
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (err: Error | null, output: { error?: string }[]) => {
          const failed = output?.find((o) => o.error);
          if (err) reject(err);
          else if (failed?.error) reject(new Error(failed.error));
          else resolve();
        },
      );
    });
  }

  /** Runs a command in a container and collects its output, bounded by a timeout. */
  async exec(id: string, cmd: string[], timeoutMs: number): Promise<ExecResult> {
    const exec = await this.docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    const sink = new PassThrough();
    let output = '';
    sink.on('data', (chunk: Buffer) => {
      if (output.length < MAX_EXEC_OUTPUT_BYTES) output += chunk.toString('utf8');
    });
    this.docker.modem.demuxStream(stream, sink, sink);
    const ended = new Promise<boolean>((resolve) => {
      stream.once('end', () => resolve(true));
      stream.once('close', () => resolve(true));
      stream.once('error', () => resolve(true));
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const finished = await Promise.race([ended, timedOut]);
    clearTimeout(timer);
    if (!finished) {
      stream.destroy();
      return { exitCode: -1, output, timedOut: true };
    }
    const info = await exec.inspect();
    return { exitCode: info.ExitCode ?? -1, output: output.slice(0, MAX_EXEC_OUTPUT_BYTES), timedOut: false };
  }

  /** Docker's log stream (multiplexed unless the container has a TTY). */
  async logs(id: string, opts: LogOptions): Promise<Readable> {
    const container = this.docker.getContainer(id);
    const common = {
      stdout: true,
      stderr: true,
      timestamps: opts.timestamps ?? false,
      // Docker's API takes "all" here; the typings only know numbers.
      tail: (opts.tail !== undefined && opts.tail >= 0 ? opts.tail : 'all') as number,
      since: opts.sinceSeconds ? Math.floor(this.clock.now() / 1000) - opts.sinceSeconds : 0,
    };
    if (opts.follow) return (await container.logs({ ...common, follow: true })) as unknown as Readable;
    const buffer = (await container.logs({ ...common, follow: false })) as unknown as Buffer;
    const stream = new PassThrough();
    stream.end(buffer);
    return stream;
  }

  /** Container events of this node: start, die, oom, destroy. Each also drops its container's cached inspection. */
  async events(each: (event: ContainerEvent) => void): Promise<ContainerEventStream> {
    const stream = (await this.docker.getEvents({
      filters: { type: ['container'], label: [`${LABEL_NODE}=${this.node}`], event: ['start', 'die', 'oom', 'destroy'] },
    })) as unknown as Readable;
    // Whatever changed while no stream was open went unreported.
    this.inspected.clear();
    this.eventsLive = true;
    onLines(stream, (line) => {
      const event = parseContainerEvent(line);
      if (!event) return;
      this.inspected.forget(event.containerId);
      each(event);
    });
    const ended = new Promise<void>((resolve) => {
      const end = (): void => {
        this.eventsLive = false;
        this.inspected.clear();
        resolve();
      };
      stream.once('end', end);
      stream.once('close', end);
      stream.once('error', end);
    });
    return { ended, close: () => stream.destroy() };
  }
}
