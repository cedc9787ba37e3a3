// An in-memory ContainerRuntime for tests of the pod code: containers are
// records that move through created, running and exited as the calls and the
// test say, with the engine's identity rules (labels, unique names, joined
// network namespaces) and a log of what was asked.
import type { Clock } from '../clock.js';
import { rfc3339Seconds } from '../clock.js';
import { containerIdentity, LABEL_SANDBOX_POOL, SANDBOX_NAME, type ContainerIdentity } from '../labels.js';
import type { BusyboxPaths, ContainerEvent, ContainerEventStream, ContainerRuntime, ContainerSummary, CreateOptions, ExecResult, ImageCommand, PoolMember, RuntimeContainer } from './runtime-types.js';

/** The exit code of a process the engine killed after the grace period (128 + SIGKILL). */
export const KILLED_EXIT_CODE = 137;
const ADDRESS_PREFIX = '10.244.0.';
const FIRST_HOST_NUMBER = 2;

export interface FakeCall {
  /** podContainers is 'list' (its id: the pod's uid). */
  op: 'list' | 'create' | 'start' | 'stop' | 'remove' | 'exec' | 'pull' | 'rename' | 'hostname';
  id: string;
  /** The container's name in the pod (for create, from its labels). */
  containerName?: string;
  graceSeconds?: number;
}

/** A container as the fake holds it: what the engine would report, and what it was created from. */
export interface FakeContainer extends RuntimeContainer {
  options: CreateOptions;
  /** The hostname set in its own UTS namespace, if any. */
  hostname?: string;
}

/** A pool sandbox waiting for a pod: it belongs to no pod until a claim renames it. */
const UNCLAIMED: ContainerIdentity = { podUid: '', podNamespace: '', podName: '', containerName: SANDBOX_NAME, kind: 'sandbox', restartCount: 0 };

function isPoolMember(options: CreateOptions): boolean {
  return options.Labels?.[LABEL_SANDBOX_POOL] !== undefined;
}

function withoutOptions(c: FakeContainer): RuntimeContainer {
  const { options: _options, ...container } = c;
  return { ...container, addresses: { ...c.addresses } };
}

export class FakeRuntime implements ContainerRuntime {
  readonly calls: FakeCall[] = [];
  readonly images = new Set<string>();
  /** The answer of an exec (probes, hooks); exit 0 unless a test says otherwise. */
  execResult: (id: string, cmd: string[]) => ExecResult = () => ({ exitCode: 0, output: '', timedOut: false });
  /** ENTRYPOINT and CMD of the images present; none unless a test says. */
  readonly imageCommands = new Map<string, ImageCommand>();
  /** Makes the next creates fail with this message (the engine refusing). */
  failCreates: string | undefined;
  private readonly containers = new Map<string, FakeContainer>();
  private readonly eventListeners = new Set<(event: ContainerEvent) => void>();
  private nextId = 1;
  private nextHost = FIRST_HOST_NUMBER;

  constructor(private readonly clock: Clock, private readonly network: string) {}

  /** Every container the runtime holds (a copy). */
  all(): FakeContainer[] {
    return [...this.containers.values()].map((c) => ({ ...c }));
  }

  /** The instances of one container of a pod, newest first. */
  instances(podUid: string, containerName: string): FakeContainer[] {
    return this.all()
      .filter((c) => c.podUid === podUid && c.containerName === containerName)
      .sort((a, b) => b.restartCount - a.restartCount);
  }

  /** The container's process ends on its own with `exitCode`. */
  exit(id: string, exitCode: number): void {
    const c = this.mustGet(id);
    c.state = 'exited';
    c.exitCode = exitCode;
    c.finishedAt = rfc3339Seconds(this.clock.now());
  }

  callsOf(op: FakeCall['op']): FakeCall[] {
    return this.calls.filter((c) => c.op === op);
  }

  async listSummaries(podUid?: string): Promise<ContainerSummary[]> {
    return [...this.containers.values()].filter((c) => c.podUid !== '' && (!podUid || c.podUid === podUid)).map((c) => ({ id: c.id, podUid: c.podUid, running: c.state === 'running' }));
  }

  async podContainers(podUid: string): Promise<RuntimeContainer[]> {
    this.calls.push({ op: 'list', id: podUid });
    return this.all().filter((c) => c.podUid === podUid).map(withoutOptions);
  }

  async inspect(id: string): Promise<RuntimeContainer | undefined> {
    const c = this.containers.get(id);
    return c ? withoutOptions(c) : undefined;
  }

  async containersById(ids: readonly string[]): Promise<RuntimeContainer[]> {
    const found = await Promise.all(ids.map((id) => this.inspect(id)));
    return found.filter((c): c is RuntimeContainer => c !== undefined);
  }

  async create(options: CreateOptions): Promise<string> {
    if (this.failCreates) throw new Error(this.failCreates);
    const name = options.name ?? '';
    const identity = containerIdentity(options.Labels, name) ?? (isPoolMember(options) ? UNCLAIMED : undefined);
    if (!identity) throw new Error('the container carries no pod labels');
    if ([...this.containers.values()].some((c) => c.dockerName === name)) throw new Error(`Conflict. The container name "/${name}" is already in use`);
    const id = `fake${String(this.nextId++).padStart(60, '0')}`;
    this.containers.set(id, {
      ...identity,
      id,
      options,
      dockerName: name,
      image: options.Image ?? '',
      imageID: `sha256:${options.Image ?? ''}`,
      state: 'created',
      exitCode: 0,
      oomKilled: false,
      error: '',
      createdAt: rfc3339Seconds(this.clock.now()),
      addresses: {},
      ...(isPoolMember(options) ? { pooled: true } : {}),
    });
    this.calls.push({ op: 'create', id, containerName: identity.containerName });
    return id;
  }

  async start(id: string): Promise<void> {
    const c = this.mustGet(id);
    this.calls.push({ op: 'start', id, containerName: c.containerName });
    if (c.state === 'running') return;
    c.state = 'running';
    c.startedAt = rfc3339Seconds(this.clock.now());
    c.finishedAt = undefined;
    if (c.options.HostConfig?.NetworkMode === this.network && !c.addresses[this.network]) c.addresses[this.network] = `${ADDRESS_PREFIX}${this.nextHost++}`;
  }

  async stop(id: string, graceSeconds: number): Promise<void> {
    const c = this.containers.get(id);
    this.calls.push({ op: 'stop', id, containerName: c?.containerName, graceSeconds });
    if (!c || c.state !== 'running') return;
    this.exit(id, KILLED_EXIT_CODE);
  }

  async remove(id: string): Promise<void> {
    const c = this.containers.get(id);
    this.calls.push({ op: 'remove', id, containerName: c?.containerName });
    this.containers.delete(id);
  }

  removeSandbox(id: string): Promise<void> {
    return this.remove(id);
  }

  async imageID(ref: string): Promise<string | undefined> {
    return this.images.has(ref) ? `sha256:${ref}` : undefined;
  }

  async pull(ref: string): Promise<void> {
    this.calls.push({ op: 'pull', id: ref });
    throw new Error(`pull access denied for ${ref}`);
  }

  async exec(id: string, cmd: string[]): Promise<ExecResult> {
    this.calls.push({ op: 'exec', id, containerName: this.containers.get(id)?.containerName });
    return this.execResult(id, cmd);
  }

  /** Follows events until closed; a test reports them with emitEvent. */
  async events(each: (event: ContainerEvent) => void): Promise<ContainerEventStream> {
    this.eventListeners.add(each);
    let close = (): void => undefined;
    const ended = new Promise<void>((resolve) => {
      close = () => {
        this.eventListeners.delete(each);
        resolve();
      };
    });
    return { ended, close };
  }

  /** An event as the engine would report it to every open events() subscription. */
  emitEvent(event: ContainerEvent): void {
    for (const each of this.eventListeners) each(event);
  }

  async listPool(): Promise<PoolMember[]> {
    return this.all()
      .filter((c) => isPoolMember(c.options))
      .map((c) => ({ id: c.id, dockerName: c.dockerName, running: c.state === 'running', podUid: c.podUid || undefined }));
  }

  /** Docker's rename: the identity of a pool sandbox follows its new name. */
  async rename(id: string, name: string): Promise<void> {
    const c = this.mustGet(id);
    this.calls.push({ op: 'rename', id, containerName: name });
    if ([...this.containers.values()].some((o) => o.id !== id && o.dockerName === name)) throw new Error(`Conflict. The container name "/${name}" is already in use`);
    c.dockerName = name;
    Object.assign(c, containerIdentity(c.options.Labels, name) ?? (isPoolMember(c.options) ? UNCLAIMED : {}));
  }

  async imageCommand(ref: string): Promise<ImageCommand | undefined> {
    if (!this.images.has(ref)) return undefined;
    return this.imageCommands.get(ref) ?? { entrypoint: [], cmd: [] };
  }

  async setHostname(id: string, hostname: string, _busybox: BusyboxPaths): Promise<void> {
    const c = this.mustGet(id);
    this.calls.push({ op: 'hostname', id, containerName: c.containerName });
    if (c.state !== 'running') throw new Error(`container ${id} is not running`);
    c.hostname = hostname;
  }

  private mustGet(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw new Error(`No such container: ${id}`);
    return c;
  }
}
