// The agent's view of one container, rebuilt from the engine alone, and the
// engine operations the pod code needs (Docker in production, a fake in tests).
import type Docker from 'dockerode';
import type { ContainerIdentity } from '../labels.js';

export type RuntimeState = 'created' | 'running' | 'exited' | 'unknown';

export interface RuntimeContainer extends ContainerIdentity {
  id: string;
  /** Docker's name without the leading slash. */
  dockerName: string;
  image: string;
  imageID: string;
  state: RuntimeState;
  exitCode: number;
  oomKilled: boolean;
  /** Docker's own error for a container that failed to start. */
  error: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Address on each attached network, by network name. */
  addresses: Record<string, string>;
  /** A sandbox taken from the warm pool: its hostname is the pool's, so each container sets its own. */
  pooled?: boolean;
}

/** A pause container of the warm pool, claimed by a pod or not. */
export interface PoolMember {
  id: string;
  dockerName: string;
  running: boolean;
  /** The pod that claimed it, read from its name; undefined while it waits in the pool. */
  podUid?: string;
}

/** The host's static busybox and where it is mounted (read-only) in a container. */
export interface BusyboxPaths {
  hostPath: string;
  containerPath: string;
}

/** What an image runs when the container says nothing: its ENTRYPOINT and CMD. */
export interface ImageCommand {
  entrypoint: string[];
  cmd: string[];
}

export interface ExecResult {
  exitCode: number;
  output: string;
  timedOut: boolean;
}

/** A mount prepared by the volume manager, in Docker's terms. */
export interface RuntimeMount {
  source: string;
  target: string;
  readOnly: boolean;
}

/** One container of this node, listed without being inspected. */
export interface ContainerSummary {
  id: string;
  podUid: string;
  running: boolean;
}

/** What a container is created from: Docker's create options, which the spec builders produce. */
export type CreateOptions = Docker.ContainerCreateOptions;

/** A change of one of this node's containers, as the engine reported it. */
export interface ContainerEvent {
  containerId: string;
  /** The pod it belongs to, when it belongs to one. */
  podUid?: string;
}

/** An open subscription to the engine's container events. */
export interface ContainerEventStream {
  /** Settles when the engine's stream ends or fails, or after close(). */
  readonly ended: Promise<void>;
  close(): void;
}

export interface ContainerRuntime {
  /** Every container of this node (optionally of one pod), without inspecting them. */
  listSummaries(podUid?: string): Promise<ContainerSummary[]>;
  /** Every container of one pod, inspected. */
  podContainers(podUid: string): Promise<RuntimeContainer[]>;
  inspect(id: string): Promise<RuntimeContainer | undefined>;
  /** Containers by id, each as last inspected when nothing has changed it since, else inspected now; ids the engine does not know are left out. */
  containersById(ids: readonly string[]): Promise<RuntimeContainer[]>;
  create(options: CreateOptions): Promise<string>;
  /** Starting a running container is not an error. */
  start(id: string): Promise<void>;
  /** The stop signal, then SIGKILL after `graceSeconds`; stopping a stopped or unknown container is not an error. */
  stop(id: string, graceSeconds: number): Promise<void>;
  /** Removing an unknown container is not an error. */
  remove(id: string): Promise<void>;
  /** Removes a sandbox after detaching it from the pod network. */
  removeSandbox(id: string, network: string): Promise<void>;
  /** The image's ID when it is present locally. */
  imageID(ref: string): Promise<string | undefined>;
  pull(ref: string): Promise<void>;
  /** Runs a command in a container and collects its output, bounded by a timeout. */
  exec(id: string, cmd: string[], timeoutMs: number): Promise<ExecResult>;
  /** Follows this node's container events (start, die, oom, destroy), each handed to `each` as it arrives. */
  events(each: (event: ContainerEvent) => void): Promise<ContainerEventStream>;
  /** The warm pool's pause containers of this node. */
  listPool(): Promise<PoolMember[]>;
  /** Docker's rename: the one thing about a container that can change after create. */
  rename(id: string, name: string): Promise<void>;
  /** The image's ENTRYPOINT and CMD when it is present locally. */
  imageCommand(ref: string): Promise<ImageCommand | undefined>;
  /** Sets the hostname in the container's own UTS namespace, with the static busybox mounted into it. */
  setHostname(id: string, hostname: string, busybox: BusyboxPaths): Promise<void>;
}
