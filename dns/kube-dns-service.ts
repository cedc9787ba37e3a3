// Publishes this DNS server as the Service kube-system/kube-dns with the
// well-known cluster DNS address (10.96.0.10 by default). The Service has no
// selector, since the server is a host process and not a pod; its one
// EndpointSlice, written here, points at the address and port the server
// listens on, so pods reach it through the node proxy like any Service.
import { isApiError } from '../api/errors.js';
import { resources } from '../api/resources.js';
import type { EndpointSlice, Service } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { SERVICE_NAME_LABEL } from './cluster-view.js';

export const DNS_NAMESPACE = 'kube-system';
export const DNS_SERVICE_NAME = 'kube-dns';
export const DNS_SLICE_NAME = 'kube-dns-flotilla';
export const DEFAULT_CLUSTER_DNS_IP = '10.96.0.10';
const DNS_SERVICE_PORT = 53;
const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
const MANAGED_BY = 'dns.flotilla.io';

export interface KubeDnsTarget {
  clusterIP: string;
  /** An address of this host that every pod can reach. */
  address: string;
  port: number;
}

export function kubeDnsService(target: KubeDnsTarget): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: DNS_SERVICE_NAME, namespace: DNS_NAMESPACE, labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/name': 'FlotillaDNS' } },
    spec: {
      clusterIP: target.clusterIP,
      ports: [
        { name: 'dns', protocol: 'UDP', port: DNS_SERVICE_PORT, targetPort: target.port },
        { name: 'dns-tcp', protocol: 'TCP', port: DNS_SERVICE_PORT, targetPort: target.port },
      ],
    },
  };
}

export function kubeDnsSlice(target: KubeDnsTarget): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: DNS_SLICE_NAME, namespace: DNS_NAMESPACE, labels: { [SERVICE_NAME_LABEL]: DNS_SERVICE_NAME, [MANAGED_BY_LABEL]: MANAGED_BY } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [target.address], conditions: { ready: true, serving: true, terminating: false } }],
    ports: [
      { name: 'dns', protocol: 'UDP', port: target.port },
      { name: 'dns-tcp', protocol: 'TCP', port: target.port },
    ],
  };
}

async function getOrUndefined<T extends Service | EndpointSlice>(load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (err) {
    if (isApiError(err, 'NotFound')) return undefined;
    throw err;
  }
}

/** Creates the Service and its slice, or brings an existing slice to this server's address; answers the Service's ClusterIP. */
export async function publishKubeDns(client: ApiClient, target: KubeDnsTarget): Promise<string> {
  const existing = await getOrUndefined(() => client.get(resources.services, DNS_NAMESPACE, DNS_SERVICE_NAME));
  const service = existing ?? (await client.create(resources.services, kubeDnsService(target)));
  const wanted = kubeDnsSlice(target);
  const slice = await getOrUndefined(() => client.get(resources.endpointSlices, DNS_NAMESPACE, DNS_SLICE_NAME));
  if (!slice) await client.create(resources.endpointSlices, wanted);
  else if (JSON.stringify([slice.endpoints, slice.ports]) !== JSON.stringify([wanted.endpoints, wanted.ports])) {
    await client.update(resources.endpointSlices, { ...slice, endpoints: wanted.endpoints, ports: wanted.ports });
  }
  return service.spec?.clusterIP ?? '';
}
