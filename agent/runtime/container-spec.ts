// Pure translation of a pod and one of its containers into Docker create
// options: the sandbox owns the namespaces, every other container joins them.
import type Docker from 'dockerode';
import type { Container, ContainerPort, Pod } from '../../api/types/index.js';
import { containerLabels, dockerContainerName, LABEL_CONTAINER_KIND, LABEL_NODE, LABEL_SANDBOX_POOL, SANDBOX_NAME, type ContainerKind } from '../labels.js';
import { cpuToMillis, memoryToBytes } from '../../api/quantity.js';
import type { RuntimeMount } from './runtime-types.js';

/** Docker's CFS period; the quota is a share of it. */
export const CPU_PERIOD_US = 100_000;
const CPU_SHARES_PER_CORE = 1024;
const MIN_CPU_SHARES = 2;
const MAX_HOSTNAME_LENGTH = 63;

export interface SandboxInput {
  pod: Pod;
  node: string;
  pauseImage: string;
  network: string;
}

export interface ContainerInput {
  pod: Pod;
  node: string;
  container: Container;
  kind: Exclude<ContainerKind, 'sandbox'>;
  restartCount: number;
  sandboxId: string;
  env: string[];
  command?: string[];
  args?: string[];
  mounts: RuntimeMount[];
}

export function podHostname(pod: Pod): string {
  return (pod.spec.hostname ?? pod.metadata.name ?? 'pod').slice(0, MAX_HOSTNAME_LENGTH);
}

function allPorts(pod: Pod): ContainerPort[] {
  return [...(pod.spec.initContainers ?? []), ...pod.spec.containers].flatMap((c) => c.ports ?? []);
}

function portKey(port: ContainerPort): string {
  return `${port.containerPort}/${(port.protocol ?? 'TCP').toLowerCase()}`;
}

/** hostPorts are published on the sandbox, which owns the network namespace. */
export function portBindings(pod: Pod): { exposed: Record<string, object>; bindings: Record<string, { HostIp: string; HostPort: string }[]> } {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of allPorts(pod)) {
    const key = portKey(port);
    exposed[key] = {};
    if (!port.hostPort) continue;
    bindings[key] = [...(bindings[key] ?? []), { HostIp: port.hostIP ?? '', HostPort: String(port.hostPort) }];
  }
  return { exposed, bindings };
}

export function sandboxCreateOptions(input: SandboxInput): Docker.ContainerCreateOptions {
  const { pod } = input;
  const hostNetwork = pod.spec.hostNetwork === true;
  const { exposed, bindings } = portBindings(pod);
  return {
    name: dockerContainerName(pod, SANDBOX_NAME, 0),
    Image: input.pauseImage,
    Hostname: hostNetwork ? undefined : podHostname(pod),
    Labels: containerLabels(input.node, pod, SANDBOX_NAME, 'sandbox', 0),
    ExposedPorts: hostNetwork ? undefined : exposed,
    HostConfig: {
      NetworkMode: hostNetwork ? 'host' : input.network,
      PortBindings: hostNetwork ? undefined : bindings,
      IpcMode: pod.spec.hostIPC ? 'host' : 'shareable',
      PidMode: pod.spec.hostPID ? 'host' : undefined,
      RestartPolicy: { Name: 'no' },
    },
  };
}

export interface PoolSandboxInput {
  node: string;
  name: string;
  pauseImage: string;
  network: string;
}

/**
 * A pause container made before its pod exists: only what every sandbox on the
 * pod network has in common. Whatever sandboxCreateOptions sets from the pod
 * (host namespaces, published ports) makes a pod ineligible for the pool.
 */
export function poolSandboxCreateOptions(input: PoolSandboxInput): Docker.ContainerCreateOptions {
  return {
    name: input.name,
    Image: input.pauseImage,
    Labels: { [LABEL_NODE]: input.node, [LABEL_SANDBOX_POOL]: input.node, [LABEL_CONTAINER_KIND]: 'sandbox' },
    HostConfig: { NetworkMode: input.network, IpcMode: 'shareable', RestartPolicy: { Name: 'no' } },
  };
}

export function resourceLimits(container: Container): Docker.HostConfig {
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const host: Docker.HostConfig = {};
  if (limits.memory) host.Memory = memoryToBytes(limits.memory);
  if (limits.cpu) {
    host.CpuPeriod = CPU_PERIOD_US;
    host.CpuQuota = Math.max(1000, Math.round((cpuToMillis(limits.cpu) * CPU_PERIOD_US) / 1000));
  }
  const requestedCpu = requests.cpu ?? limits.cpu;
  if (requestedCpu) host.CpuShares = Math.max(MIN_CPU_SHARES, Math.round((cpuToMillis(requestedCpu) * CPU_SHARES_PER_CORE) / 1000));
  return host;
}

function pidMode(pod: Pod, sandboxId: string): string | undefined {
  if (pod.spec.hostPID) return 'host';
  if (pod.spec.shareProcessNamespace) return `container:${sandboxId}`;
  return undefined;
}

export function containerCreateOptions(input: ContainerInput): Docker.ContainerCreateOptions {
  const { pod, container, sandboxId } = input;
  const hostNetwork = pod.spec.hostNetwork === true;
  return {
    name: dockerContainerName(pod, container.name, input.restartCount),
    Image: container.image,
    // Kubernetes' command replaces the image's ENTRYPOINT (and drops its CMD); args replace CMD.
    Entrypoint: input.command && input.command.length > 0 ? input.command : undefined,
    Cmd: input.args && input.args.length > 0 ? input.args : undefined,
    Env: input.env,
    WorkingDir: container.workingDir || undefined,
    Tty: container.tty === true,
    OpenStdin: container.stdin === true,
    StdinOnce: container.stdinOnce === true,
    AttachStdin: container.stdin === true,
    Labels: containerLabels(input.node, pod, container.name, input.kind, input.restartCount),
    HostConfig: {
      NetworkMode: hostNetwork ? 'host' : `container:${sandboxId}`,
      IpcMode: pod.spec.hostIPC ? 'host' : `container:${sandboxId}`,
      PidMode: pidMode(pod, sandboxId),
      Mounts: input.mounts.map((m) => ({
        Type: 'bind' as const,
        Source: m.source,
        Target: m.target,
        ReadOnly: m.readOnly,
      })),
      RestartPolicy: { Name: 'no' },
      ...resourceLimits(container),
    },
  };
}
