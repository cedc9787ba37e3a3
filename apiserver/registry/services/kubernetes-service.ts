// The `kubernetes` Service in `default`, as kube-apiserver's controller keeps
// it: the first ClusterIP of the range, port 443 (`https`) to the apiserver's
// secure port, with Endpoints and an EndpointSlice naming the advertised
// addresses of the apiservers alive now.
import { networkInterfaces } from 'node:os';
import { isApiError } from '../../../api/errors.js';
import { resources, type ResourceInfo } from '../../../api/resources.js';
import type { Endpoints, EndpointSlice, KubeObject, Service } from '../../../api/types/index.js';
import type { Registry } from '../registry.js';

export const KUBERNETES_SERVICE = 'kubernetes';
const NAMESPACE = 'default';
const HTTPS_PORT = { name: 'https', port: 443, protocol: 'TCP' as const };
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface KubernetesServiceOptions {
  clusterIp: string;
  /** The HTTPS port of this apiserver; the Service's targetPort (443 when it serves gRPC only). */
  securePort: number | undefined;
}

/** The address peers and pods reach this apiserver at: the flag, a specific bind address, or the host's first IPv4. */
export function advertisedAddress(flag: string, bindAddress: string): string {
  if (flag) return flag;
  if (bindAddress && bindAddress !== '0.0.0.0' && bindAddress !== '::') return bindAddress;
  for (const list of Object.values(networkInterfaces())) {
    const found = (list ?? []).find((i) => i.family === 'IPv4' && !i.internal);
    if (found) return found.address;
  }
  return '127.0.0.1';
}

async function getOrUndefined(registry: Registry, info: ResourceInfo, name: string): Promise<KubeObject | undefined> {
  try {
    return await registry.get(info, NAMESPACE, name);
  } catch (err) {
    if (isApiError(err, 'NotFound')) return undefined;
    throw err;
  }
}

async function createIfAbsent(registry: Registry, info: ResourceInfo, obj: KubeObject): Promise<void> {
  try {
    await registry.create(info, NAMESPACE, JSON.stringify(obj));
  } catch (err) {
    if (!isApiError(err, 'AlreadyExists')) throw err;
  }
}

function service(options: KubernetesServiceOptions): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: KUBERNETES_SERVICE, namespace: NAMESPACE, labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { type: 'ClusterIP', clusterIP: options.clusterIp, ports: [{ ...HTTPS_PORT, targetPort: options.securePort ?? HTTPS_PORT.port }] },
  };
}

async function ensureEndpoints(registry: Registry, addresses: string[], port: number): Promise<void> {
  const current = (await getOrUndefined(registry, resources.endpoints, KUBERNETES_SERVICE)) as Endpoints | undefined;
  const subsets = addresses.length > 0 ? [{ addresses: addresses.map((ip) => ({ ip })), ports: [{ ...HTTPS_PORT, port }] }] : [];
  if (current && JSON.stringify(current.subsets ?? []) === JSON.stringify(subsets)) return;
  const next: Endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { ...(current?.metadata ?? {}), name: KUBERNETES_SERVICE, namespace: NAMESPACE },
    subsets,
  };
  if (current) await registry.update(resources.endpoints, NAMESPACE, JSON.stringify(next));
  else await createIfAbsent(registry, resources.endpoints, next);
}

async function ensureSlice(registry: Registry, addresses: string[], port: number): Promise<void> {
  const current = (await getOrUndefined(registry, resources.endpointSlices, KUBERNETES_SERVICE)) as EndpointSlice | undefined;
  const endpoints = addresses.map((ip) => ({ addresses: [ip], conditions: { ready: true } }));
  const ports = [{ ...HTTPS_PORT, port }];
  if (current && JSON.stringify([current.endpoints ?? [], current.ports ?? []]) === JSON.stringify([endpoints, ports])) return;
  const next: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { ...(current?.metadata ?? {}), name: KUBERNETES_SERVICE, namespace: NAMESPACE, labels: { [SERVICE_NAME_LABEL]: KUBERNETES_SERVICE } },
    addressType: 'IPv4',
    endpoints,
    ports,
  };
  if (current) await registry.update(resources.endpointSlices, NAMESPACE, JSON.stringify(next));
  else await createIfAbsent(registry, resources.endpointSlices, next);
}

/** Points the Endpoints and EndpointSlice `kubernetes` at exactly `addresses` (sorted), on the HTTPS `port`. */
export async function setKubernetesEndpoints(registry: Registry, addresses: readonly string[], port: number): Promise<void> {
  const sorted = [...new Set(addresses)].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  await ensureEndpoints(registry, sorted, port);
  await ensureSlice(registry, sorted, port);
}

/** Creates the Service when missing; its endpoints are the lease reconciler's (apiserver-leases.ts). */
export async function ensureKubernetesService(registry: Registry, options: KubernetesServiceOptions): Promise<void> {
  if (!(await getOrUndefined(registry, resources.services, KUBERNETES_SERVICE))) {
    await createIfAbsent(registry, resources.services, service(options));
  }
}
