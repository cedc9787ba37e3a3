// The Node object an agent registers, built from `docker info` and flags.
import type { Node, NodeCondition } from '../../api/types/index.js';

const BYTES_PER_KI = 1024;

/** Bytes as Kubernetes prints node memory: a whole number of Ki. */
export function formatKi(bytes: number): string {
  return `${Math.floor(bytes / BYTES_PER_KI)}Ki`;
}

export const DEFAULT_MAX_PODS = 110;
export const AGENT_VERSION = 'v1.32.0-flotilla';

export interface EngineInfo {
  NCPU: number;
  MemTotal: number;
  OperatingSystem: string;
  KernelVersion: string;
  ServerVersion: string;
  Architecture: string;
}

export interface CapacityOverrides {
  cpu?: string;
  memory?: string;
  pods?: string;
}

export interface NodeInput {
  name: string;
  hostname: string;
  internalIP: string;
  engine: EngineInfo;
  overrides: CapacityOverrides;
  streamingPort: number;
  labels?: Record<string, string>;
  /** The subnet this node's pods get addresses from (its Docker network's), published as spec.podCIDR. */
  podCIDR?: string;
}

const GO_ARCH: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64', arm64: 'arm64', armv7l: 'arm', s390x: 's390x', ppc64le: 'ppc64le' };

export function goArch(arch: string): string {
  return GO_ARCH[arch] ?? arch;
}

export function nodeCapacity(engine: EngineInfo, overrides: CapacityOverrides): Record<string, string> {
  return {
    cpu: overrides.cpu ?? String(engine.NCPU),
    memory: overrides.memory ?? formatKi(engine.MemTotal),
    pods: overrides.pods ?? String(DEFAULT_MAX_PODS),
  };
}

/** Ready, unless the container runtime does not answer (then why, for the condition). */
export type RuntimeHealth = { ok: true } | { ok: false; message: string };

function readyCondition(health: RuntimeHealth): NodeCondition {
  if (health.ok) return { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'agent is posting ready status' };
  return { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: `container runtime is down: ${health.message}` };
}

export function readyConditions(now: string, previous: NodeCondition[] | undefined, health: RuntimeHealth = { ok: true }): NodeCondition[] {
  const fresh: NodeCondition[] = [
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'agent has sufficient memory available' },
    { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'agent has no disk pressure' },
    { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'agent has sufficient PID available' },
    readyCondition(health),
  ];
  return fresh.map((c) => {
    const old = previous?.find((p) => p.type === c.type);
    const since = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now;
    return { ...c, lastHeartbeatTime: now, lastTransitionTime: since };
  });
}

export function nodeLabels(input: NodeInput): Record<string, string> {
  return {
    ...(input.labels ?? {}),
    'kubernetes.io/hostname': input.name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': goArch(input.engine.Architecture),
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': goArch(input.engine.Architecture),
  };
}

export function nodeStatus(input: NodeInput, now: string, previous?: Node, health: RuntimeHealth = { ok: true }): NonNullable<Node['status']> {
  const capacity = nodeCapacity(input.engine, input.overrides);
  return {
    capacity,
    allocatable: { ...capacity },
    conditions: readyConditions(now, previous?.status?.conditions, health),
    addresses: [
      { type: 'InternalIP', address: input.internalIP },
      { type: 'Hostname', address: input.hostname },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: input.streamingPort } },
    nodeInfo: {
      architecture: goArch(input.engine.Architecture),
      operatingSystem: 'linux',
      osImage: input.engine.OperatingSystem,
      kernelVersion: input.engine.KernelVersion,
      containerRuntimeVersion: `docker://${input.engine.ServerVersion}`,
      kubeletVersion: AGENT_VERSION,
      kubeProxyVersion: '',
      machineID: '',
      systemUUID: '',
      bootID: '',
    },
  };
}

/** spec.podCIDR and its plural, as the node IPAM controller sets them. */
export function podCIDRSpec(podCIDR: string | undefined): NonNullable<Node['spec']> {
  return podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {};
}

export function buildNode(input: NodeInput, now: string): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: input.name, labels: nodeLabels(input) },
    spec: podCIDRSpec(input.podCIDR),
    status: nodeStatus(input, now),
  };
}
