// The DNS server's view of the cluster: informers on Namespaces, Services and
// EndpointSlices, with slices indexed by the Service they belong to.
import type { Logger } from 'pino';
import { resources } from '../api/resources.js';
import type { EndpointSlice, Namespace, Service } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { Informer } from '../client/informer.js';
import type { DnsView } from './dns-answer.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const BY_SERVICE = 'by-service';

export class ClusterView implements DnsView {
  private readonly services: Informer<Service>;
  private readonly slicesInformer: Informer<EndpointSlice>;
  private readonly namespaces: Informer<Namespace>;

  constructor(client: ApiClient, logger: Logger) {
    this.services = new Informer(client, resources.services, {}, logger);
    this.namespaces = new Informer(client, resources.namespaces, {}, logger);
    this.slicesInformer = new Informer(client, resources.endpointSlices, { labelSelector: SERVICE_NAME_LABEL }, logger);
    this.slicesInformer.store.addIndex(BY_SERVICE, (s) => [`${s.metadata.namespace ?? ''}/${s.metadata.labels?.[SERVICE_NAME_LABEL] ?? ''}`]);
  }

  async start(timeoutMs: number): Promise<void> {
    this.services.start();
    this.slicesInformer.start();
    this.namespaces.start();
    await Promise.all([this.services.waitForSync(timeoutMs), this.slicesInformer.waitForSync(timeoutMs), this.namespaces.waitForSync(timeoutMs)]);
  }

  hasSynced(): boolean {
    return this.services.hasSynced() && this.slicesInformer.hasSynced() && this.namespaces.hasSynced();
  }

  namespaceExists(name: string): boolean {
    return this.namespaces.store.get('', name) !== undefined;
  }

  service(namespace: string, name: string): Service | undefined {
    return this.services.store.get(namespace, name);
  }

  slices(namespace: string, name: string): EndpointSlice[] {
    return this.slicesInformer.store.byIndex(BY_SERVICE, `${namespace}/${name}`);
  }

  async stop(): Promise<void> {
    await Promise.all([this.services.stop(), this.slicesInformer.stop(), this.namespaces.stop()]);
  }
}
