// The `kubernetes` Service in `default`, as kube-apiserver's controller keeps
// it: the first ClusterIP of the range, port 443 (`https`) to the apiserver's
// secure port, with Endpoints and an EndpointSlice naming this apiserver's
// advertised address beside those of its peers.
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
  /** The HTTPS port of this apiserver; undefined when it serves gRPC only (no endpoints then). */
  securePort: number | undefined;
  advertiseAddress: string;
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

async function ensureEndpoints(registry: Registry, address: string, port: number): Promise<void> {
  const current = (await getOrUndefined(registry, resources.endpoints, KUBERNETES_SERVICE)) as Endpoints | undefined;
  const known = current?.subsets?.[0]?.addresses?.map((a) => a.ip) ?? [];
  const samePort = current?.subsets?.[0]?.ports?.[0]?.port === port;
  if (current && samePort && known.includes(address)) return;
  const addresses = [...new Set([...(samePort ? known : []), address])].sort().map((ip) => ({ ip }));
  const next: Endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { ...(current?.metadata ?? {}), name: KUBERNETES_SERVICE, namespace: NAMESPACE },
    subsets: [{ addresses, ports: [{ ...HTTPS_PORT, port }] }],
  };
  if (current) await registry.update(resources.endpoints, NAMESPACE, JSON.stringify(next));
  else await createIfAbsent(registry, resources.endpoints, next);
}

async function ensureSlice(registry: Registry, address: string, port: number): Promise<void> {
  const current = (await getOrUndefined(registry, resources.endpointSlices, KUBERNETES_SERVICE)) as EndpointSlice | undefined;
  const known = (current?.endpoints ?? []).flatMap((e) => e.addresses);
  const samePort = current?.ports?.[0]?.port === port;
  if (current && samePort && known.includes(address)) return;
  const addresses = [...new Set([...(samePort ? known : []), address])].sort();
  const next: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { ...(current?.metadata ?? {}), name: KUBERNETES_SERVICE, namespace: NAMESPACE, labels: { [SERVICE_NAME_LABEL]: KUBERNETES_SERVICE } },
    addressType: 'IPv4',
    endpoints: addresses.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: [{ ...HTTPS_PORT, port }],
  };
  if (current) await registry.update(resources.endpointSlices, NAMESPACE, JSON.stringify(next));
  else await createIfAbsent(registry, resources.endpointSlices, next);
}

/** Creates what is missing and adds this apiserver's address; never removes a peer's. */
export async function ensureKubernetesService(registry: Registry, options: KubernetesServiceOptions): Promise<void> {
  if (!(await getOrUndefined(registry, resources.services, KUBERNETES_SERVICE))) {
    await createIfAbsent(registry, resources.services, service(options));
  }
  if (options.securePort === undefined) return;
  await ensureEndpoints(registry, options.advertiseAddress, options.securePort);
  await ensureSlice(registry, options.advertiseAddress, options.securePort);
}
