// What a Service's EndpointSlices and Endpoints should hold, from its pods:
// pure functions, so the controller only compares and writes.
import type { Endpoint, EndpointAddress, EndpointPort, EndpointSubset, Pod, Service, ServicePort } from '../../api/types/index.js';
import { isPodReady } from '../common/pod-util.js';

/** Kubernetes' default --max-endpoints-per-slice. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

/** One EndpointSlice's worth: endpoints sharing one set of resolved ports. */
export interface SliceContent {
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

/** Kubernetes' FindPort: a number as is, a name looked up among the pod's container ports of that protocol. */
export function resolveTargetPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  const protocol = port.protocol ?? 'TCP';
  for (const container of pod.spec.containers ?? []) {
    const found = (container.ports ?? []).find((p) => p.name === target && (p.protocol ?? 'TCP') === protocol);
    if (found) return found.containerPort;
  }
  return undefined;
}

function endpointPorts(service: Service, pod: Pod): EndpointPort[] {
  const ports: EndpointPort[] = [];
  for (const port of service.spec?.ports ?? []) {
    const resolved = resolveTargetPort(pod, port);
    if (resolved === undefined) continue;
    const entry: EndpointPort = { name: port.name ?? '', port: resolved, protocol: port.protocol ?? 'TCP' };
    if (port.appProtocol) entry.appProtocol = port.appProtocol;
    ports.push(entry);
  }
  return ports;
}

/** A pod with an address that is not finished; deleting ones only where terminating endpoints are kept. */
function inEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP) return false;
  if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') return false;
  return includeTerminating || !pod.metadata.deletionTimestamp;
}

/** A pod's DNS hostname is published when its subdomain names this Service (StatefulSet pods). */
function hostnameFor(service: Service, pod: Pod): string | undefined {
  const hostname = pod.spec.hostname;
  return hostname && pod.spec.subdomain === service.metadata.name && pod.metadata.namespace === service.metadata.namespace ? hostname : undefined;
}

function targetRef(pod: Pod): NonNullable<Endpoint['targetRef']> {
  return { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' };
}

function byPodName(a: Pod, b: Pod): number {
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

function toEndpoint(service: Service, pod: Pod): Endpoint {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const terminating = Boolean(pod.metadata.deletionTimestamp);
  const serving = publishNotReady || isPodReady(pod);
  const endpoint: Endpoint = { addresses: [pod.status?.podIP ?? ''], conditions: { ready: serving && !terminating, serving, terminating } };
  const hostname = hostnameFor(service, pod);
  if (hostname) endpoint.hostname = hostname;
  if (pod.spec.nodeName) endpoint.nodeName = pod.spec.nodeName;
  endpoint.targetRef = targetRef(pod);
  return endpoint;
}

/** The slices of `service` over `pods` (those its selector matches): grouped by resolved ports, at most 100 each. */
export function desiredSlices(service: Service, pods: readonly Pod[]): SliceContent[] {
  const groups = new Map<string, SliceContent>();
  for (const pod of [...pods].sort(byPodName)) {
    if (!inEndpoints(pod, true)) continue;
    const ports = endpointPorts(service, pod);
    // A Service with ports whose pod exposes none of them has nothing to reach on it.
    if (ports.length === 0 && (service.spec?.ports ?? []).length > 0) continue;
    const key = JSON.stringify(ports);
    const group = groups.get(key) ?? { ports, endpoints: [] };
    group.endpoints.push(toEndpoint(service, pod));
    groups.set(key, group);
  }
  const slices: SliceContent[] = [];
  for (const group of groups.values()) {
    for (let i = 0; i < group.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE) {
      slices.push({ ports: group.ports, endpoints: group.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
    }
  }
  // A Service with no endpoints still gets one empty slice, as Kubernetes keeps a placeholder.
  if (slices.length === 0) slices.push({ ports: [], endpoints: [] });
  return slices;
}

function address(service: Service, pod: Pod): EndpointAddress {
  const entry: EndpointAddress = { ip: pod.status?.podIP ?? '' };
  const hostname = hostnameFor(service, pod);
  if (hostname) entry.hostname = hostname;
  if (pod.spec.nodeName) entry.nodeName = pod.spec.nodeName;
  entry.targetRef = targetRef(pod);
  return entry;
}

function byIp(a: EndpointAddress, b: EndpointAddress): number {
  return a.ip.localeCompare(b.ip, undefined, { numeric: true });
}

/** Kubernetes' maxCapacity of a legacy Endpoints object; slices carry the rest. */
export const MAX_ENDPOINTS_ADDRESSES = 1000;

/**
 * Cuts subsets down to MAX_ENDPOINTS_ADDRESSES addresses, ready ones kept first,
 * as the endpoints controller does before it marks the object over capacity.
 */
export function truncateSubsets(subsets: EndpointSubset[]): { subsets: EndpointSubset[]; truncated: boolean } {
  let left = MAX_ENDPOINTS_ADDRESSES;
  const total = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
  if (total <= left) return { subsets, truncated: false };
  const take = (list: EndpointAddress[] | undefined): EndpointAddress[] | undefined => {
    if (!list) return undefined;
    const kept = list.slice(0, Math.max(left, 0));
    left -= kept.length;
    return kept.length > 0 ? kept : undefined;
  };
  const ready = subsets.map((s) => take(s.addresses));
  const cut = subsets.map((s, i) => {
    const next: EndpointSubset = { ...s };
    delete next.addresses;
    delete next.notReadyAddresses;
    const addresses = ready[i];
    const notReady = take(s.notReadyAddresses);
    if (addresses) next.addresses = addresses;
    if (notReady) next.notReadyAddresses = notReady;
    return next;
  });
  return { subsets: cut.filter((s) => s.addresses || s.notReadyAddresses), truncated: true };
}

/** The legacy Endpoints subsets: pods grouped by resolved ports, ready and not-ready addresses apart, sorted. */
export function desiredSubsets(service: Service, pods: readonly Pod[]): EndpointSubset[] {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const pod of pods) {
    if (!inEndpoints(pod, publishNotReady)) continue;
    const ports = endpointPorts(service, pod);
    if (ports.length === 0 && (service.spec?.ports ?? []).length > 0) continue;
    const key = JSON.stringify(ports);
    const group = groups.get(key) ?? { ports, ready: [], notReady: [] };
    (publishNotReady || isPodReady(pod) ? group.ready : group.notReady).push(address(service, pod));
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => {
    const subset: EndpointSubset = {};
    if (g.ready.length > 0) subset.addresses = g.ready.sort(byIp);
    if (g.notReady.length > 0) subset.notReadyAddresses = g.notReady.sort(byIp);
    if (g.ports.length > 0) subset.ports = g.ports;
    return subset;
  });
}
