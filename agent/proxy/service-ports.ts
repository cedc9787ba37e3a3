// Reduces a Service and its EndpointSlices to what the proxy programs: one
// entry per Service port with its ready endpoints. Pure, like the rendering.
import type { EndpointSlice, Service, ServicePort } from '../../api/types/index.js';
import type { ProxyEndpoint, ProxyProtocol, ProxyServicePort } from './proxy-model.js';
import { byIPv4 } from '../ordering.js';

/** The label tying an EndpointSlice to its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
/** Kubernetes' default sessionAffinityConfig.clientIP.timeoutSeconds (three hours). */
export const DEFAULT_AFFINITY_SECONDS = 10_800;

export function hasVirtualIP(service: Service): boolean {
  const ip = service.spec?.clusterIP;
  return service.spec?.type !== 'ExternalName' && ip !== undefined && ip !== '' && ip !== 'None';
}

function protocolOf(port: { protocol?: string }): ProxyProtocol {
  return (port.protocol ?? 'TCP').toLowerCase() as ProxyProtocol;
}

/** Ready endpoints of one Service port across its slices; with internalTrafficPolicy Local, only this node's. */
function portEndpoints(service: Service, port: ServicePort, slices: readonly EndpointSlice[], node: string): ProxyEndpoint[] {
  const name = port.name ?? '';
  const localOnly = service.spec?.internalTrafficPolicy === 'Local';
  const seen = new Map<string, ProxyEndpoint>();
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4') continue;
    const slicePort = (slice.ports ?? []).find((p) => (p.name ?? '') === name && protocolOf(p) === protocolOf(port));
    if (!slicePort?.port) continue;
    for (const ep of slice.endpoints ?? []) {
      // A nil ready condition means ready, as the EndpointSlice API defines it.
      if (ep.conditions?.ready === false) continue;
      if (localOnly && ep.nodeName !== node) continue;
      for (const ip of ep.addresses.slice(0, 1)) seen.set(`${ip}:${slicePort.port}`, { ip, port: slicePort.port });
    }
  }
  return [...seen.values()].sort((a, b) => (a.ip === b.ip ? a.port - b.port : byIPv4(a.ip, b.ip)));
}

export function serviceKey(service: Service): string {
  return `${service.metadata.namespace ?? ''}/${service.metadata.name ?? ''}`;
}

export function servicePorts(service: Service, slices: readonly EndpointSlice[], node: string): ProxyServicePort[] {
  if (!hasVirtualIP(service)) return [];
  const spec = service.spec ?? {};
  const affinitySeconds = spec.sessionAffinity === 'ClientIP' ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS) : 0;
  return (spec.ports ?? []).map((port) => ({
    id: `${serviceKey(service)}:${port.name ?? ''}`,
    clusterIP: spec.clusterIP ?? '',
    port: port.port,
    protocol: protocolOf(port),
    nodePort: spec.type === 'NodePort' || spec.type === 'LoadBalancer' ? (port.nodePort ?? 0) : 0,
    endpoints: portEndpoints(service, port, slices, node),
    affinitySeconds,
  }));
}
