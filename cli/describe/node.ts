// kubectl describe node.
import { cpuToMillis, formatBytes, formatMillis, memoryToBytes } from '../../api/quantity.js';
import { timestampSince } from '../../api/tables/duration.js';
import { nodeRoles } from '../../api/tables/node.js';
import type { Event, Lease, Node } from '../../api/types/node.js';
import type { Container, Pod } from '../../api/types/pod.js';
import { DescribeWriter, rfc1123z, writeAnnotations, writeEvents, writeLabels } from './describe-writer.js';

const SYSTEM_INFO: [string, string][] = [
  ['Machine ID', 'machineID'],
  ['System UUID', 'systemUUID'],
  ['Boot ID', 'bootID'],
  ['Kernel Version', 'kernelVersion'],
  ['OS Image', 'osImage'],
  ['Operating System', 'operatingSystem'],
  ['Architecture', 'architecture'],
  ['Container Runtime Version', 'containerRuntimeVersion'],
  ['Kubelet Version', 'kubeletVersion'],
  ['Kube-Proxy Version', 'kubeProxyVersion'],
];
const PERCENT = 100;

interface PodResources {
  cpuRequests: number;
  cpuLimits: number;
  memoryRequests: number;
  memoryLimits: number;
}

function safe(fn: () => number): number {
  try {
    return fn();
  } catch {
    return 0;
  }
}

/** Requests and limits of a pod: its app containers' sum, or the largest init container when that is more. */
export function podResources(pod: Pod): PodResources {
  const sum = (containers: readonly Container[], pick: (c: Container) => number): number =>
    containers.reduce((total, c) => total + pick(c), 0);
  const maxOf = (containers: readonly Container[], pick: (c: Container) => number): number =>
    containers.reduce((max, c) => Math.max(max, pick(c)), 0);
  const app = pod.spec?.containers ?? [];
  const init = pod.spec?.initContainers ?? [];
  const cpu = (kind: 'requests' | 'limits') => (c: Container) => safe(() => cpuToMillis(c.resources?.[kind]?.cpu ?? '0'));
  const mem = (kind: 'requests' | 'limits') => (c: Container) => safe(() => memoryToBytes(c.resources?.[kind]?.memory ?? '0'));
  return {
    cpuRequests: Math.max(sum(app, cpu('requests')), maxOf(init, cpu('requests'))),
    cpuLimits: Math.max(sum(app, cpu('limits')), maxOf(init, cpu('limits'))),
    memoryRequests: Math.max(sum(app, mem('requests')), maxOf(init, mem('requests'))),
    memoryLimits: Math.max(sum(app, mem('limits')), maxOf(init, mem('limits'))),
  };
}

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.trunc((part / whole) * PERCENT) : 0;
}

export function describeNode(node: Node, pods: readonly Pod[], lease: Lease | undefined, events: readonly Event[], now: Date): string {
  const w = new DescribeWriter();
  const status = node.status ?? {};
  const roles = nodeRoles(node);
  w.line(0, `Name:\t${node.metadata.name ?? ''}`);
  w.line(0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}`);
  writeLabels(w, 'Labels', node.metadata.labels);
  writeAnnotations(w, 'Annotations', node.metadata.annotations);
  w.line(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}`);
  const taints = node.spec?.taints ?? [];
  if (taints.length === 0) w.line(0, 'Taints:\t<none>');
  taints.forEach((t, i) => w.line(0, `${i === 0 ? 'Taints:' : ''}\t${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`));
  w.line(0, `Unschedulable:\t${node.spec?.unschedulable === true}`);
  if (lease) {
    w.line(0, 'Lease:');
    w.line(1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}`);
    w.line(1, `AcquireTime:\t${rfc1123z(lease.spec?.acquireTime)}`);
    w.line(1, `RenewTime:\t${rfc1123z(lease.spec?.renewTime)}`);
  }
  const conditions = status.conditions ?? [];
  if (conditions.length > 0) {
    w.line(0, 'Conditions:');
    w.line(1, 'Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage');
    w.line(1, '----\t------\t-----------------\t------------------\t------\t-------');
    for (const c of conditions) {
      w.line(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}`);
    }
  }
  w.line(0, 'Addresses:');
  for (const a of status.addresses ?? []) w.line(1, `${a.type}:\t${a.address}`);
  for (const [title, values] of [['Capacity', status.capacity], ['Allocatable', status.allocatable]] as const) {
    if (!values || Object.keys(values).length === 0) continue;
    w.line(0, `${title}:`);
    for (const key of Object.keys(values).sort()) w.line(1, `${key}:\t${values[key]}`);
  }
  w.line(0, 'System Info:');
  for (const [title, key] of SYSTEM_INFO) w.line(1, `${title}:\t${status.nodeInfo?.[key] ?? ''}`);
  if (node.spec?.podCIDR) w.line(0, `PodCIDR:\t${node.spec.podCIDR}`);
  if (node.spec?.providerID) w.line(0, `ProviderID:\t${node.spec.providerID}`);
  writeNodeResources(w, node, pods, now);
  writeEvents(w, events, now);
  return w.toString();
}

function writeNodeResources(w: DescribeWriter, node: Node, pods: readonly Pod[], now: Date): void {
  const allocatable = node.status?.allocatable && Object.keys(node.status.allocatable).length > 0 ? node.status.allocatable : node.status?.capacity ?? {};
  const cpuTotal = safe(() => cpuToMillis(allocatable.cpu ?? '0'));
  const memTotal = safe(() => memoryToBytes(allocatable.memory ?? '0'));
  const cpu = (m: number) => `${formatMillis(m)} (${percent(m, cpuTotal)}%)`;
  const mem = (b: number) => `${formatBytes(b)} (${percent(b, memTotal)}%)`;
  w.line(0, `Non-terminated Pods:\t(${pods.length} in total)`);
  w.line(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge');
  w.line(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---');
  const total: PodResources = { cpuRequests: 0, cpuLimits: 0, memoryRequests: 0, memoryLimits: 0 };
  for (const pod of pods) {
    const r = podResources(pod);
    total.cpuRequests += r.cpuRequests;
    total.cpuLimits += r.cpuLimits;
    total.memoryRequests += r.memoryRequests;
    total.memoryLimits += r.memoryLimits;
    w.line(
      1,
      `${pod.metadata.namespace ?? ''}\t${pod.metadata.name ?? ''}\t\t${cpu(r.cpuRequests)}\t${cpu(r.cpuLimits)}\t` +
        `${mem(r.memoryRequests)}\t${mem(r.memoryLimits)}\t${timestampSince(pod.metadata.creationTimestamp, now)}`,
    );
  }
  w.line(0, 'Allocated resources:');
  w.line(1, '(Total limits may be over 100 percent, i.e., overcommitted.)');
  w.line(1, 'Resource\tRequests\tLimits');
  w.line(1, '--------\t--------\t------');
  w.line(1, `cpu\t${cpu(total.cpuRequests)}\t${cpu(total.cpuLimits)}`);
  w.line(1, `memory\t${mem(total.memoryRequests)}\t${mem(total.memoryLimits)}`);
}
