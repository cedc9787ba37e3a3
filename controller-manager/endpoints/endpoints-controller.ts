// The endpoints controller (Kubernetes' endpointslice and endpoints controllers
// in one): for every Service with a selector, EndpointSlices of its matching
// pods (at most 100 endpoints each) and the legacy Endpoints object. Handlers
// only enqueue Service keys; a sync reads the caches, compares, and writes only
// what differs. Selector-less Services are someone else's to fill.
import { isApiError } from '../../api/errors.js';
import { resources, type ResourceInfo } from '../../api/resources.js';
import type { Endpoints, EndpointSlice, KubeObject, OwnerReference, Pod, Service } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import { splitKey } from '../../client/object-key.js';
import { ensureIndex, type ControllerContext } from '../common/controller-context.js';
import { NAMESPACE_INDEX, namespaceIndex } from '../common/controller-ref.js';
import { QueueController } from '../common/queue-controller.js';
import { desiredSlices, desiredSubsets, truncateSubsets, type SliceContent } from './desired-endpoints.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
/** Set on an Endpoints object cut to MAX_ENDPOINTS_ADDRESSES, as Kubernetes does. */
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';
const SLICE_SERVICE_INDEX = 'endpointslice-service';

function selectorOf(service: Service): Record<string, string> | undefined {
  const selector = service.spec?.selector;
  return selector && Object.keys(selector).length > 0 ? selector : undefined;
}

function selects(selector: Record<string, string>, pod: Pod): boolean {
  const labels = pod.metadata.labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** Services that fill endpoints from pods; ExternalName ones name a host instead. */
function managed(service: Service): boolean {
  return selectorOf(service) !== undefined && service.spec?.type !== 'ExternalName';
}

function serviceLabels(service: Service): Record<string, string> {
  const labels: Record<string, string> = { ...(service.metadata.labels ?? {}) };
  if (service.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  return labels;
}

function ownerRef(service: Service): OwnerReference {
  return { apiVersion: 'v1', kind: 'Service', name: service.metadata.name ?? '', uid: service.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class EndpointsController extends QueueController {
  private readonly services: Informer<Service>;
  private readonly pods: Informer<Pod>;
  private readonly slices: Informer<EndpointSlice>;
  private readonly endpoints: Informer<Endpoints>;

  constructor(ctx: ControllerContext) {
    super(ctx, 'endpointslice');
    this.services = ctx.factory.informerFor(resources.services);
    this.pods = ctx.factory.informerFor(resources.pods);
    this.slices = ctx.factory.informerFor(resources.endpointSlices);
    this.endpoints = ctx.factory.informerFor(resources.endpoints);
    ensureIndex(this.services.store, NAMESPACE_INDEX, namespaceIndex);
    ensureIndex(this.pods.store, NAMESPACE_INDEX, namespaceIndex);
    ensureIndex(this.slices.store, SLICE_SERVICE_INDEX, (s) => {
      const name = s.metadata.labels?.[SERVICE_NAME_LABEL];
      return name && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY ? [`${s.metadata.namespace ?? ''}/${name}`] : [];
    });
    this.enqueueChanges(this.services);
    this.pods.addEventHandler({
      onAdd: (pod) => this.enqueueSelecting(pod),
      onUpdate: (old, pod) => {
        this.enqueueSelecting(pod);
        if (!sameJson(old.metadata.labels, pod.metadata.labels)) this.enqueueSelecting(old);
      },
      onDelete: (pod) => this.enqueueSelecting(pod),
    });
    const bySliceOwner = (slice: EndpointSlice) => {
      const name = slice.metadata.labels?.[SERVICE_NAME_LABEL];
      if (name && slice.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY) this.queue.add(`${slice.metadata.namespace ?? ''}/${name}`);
    };
    this.slices.addEventHandler({ onAdd: bySliceOwner, onUpdate: (_o, s) => bySliceOwner(s), onDelete: bySliceOwner });
    this.endpoints.addEventHandler({ onDelete: (ep) => this.enqueue(ep), onUpdate: (_o, ep) => this.enqueue(ep) });
  }

  private enqueueSelecting(pod: Pod): void {
    for (const service of this.services.store.byIndex(NAMESPACE_INDEX, pod.metadata.namespace ?? '')) {
      const selector = selectorOf(service);
      if (selector && selects(selector, pod)) this.enqueue(service);
    }
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const service = this.services.store.get(namespace, name);
    if (!service) {
      await this.removeAll(namespace, name);
      return;
    }
    if (!managed(service)) return;
    const selector = selectorOf(service) ?? {};
    const pods = this.pods.store.byIndex(NAMESPACE_INDEX, namespace).filter((p) => selects(selector, p));
    await this.syncSlices(service, desiredSlices(service, pods));
    await this.syncEndpoints(service, pods);
  }

  private ownSlices(namespace: string, name: string): EndpointSlice[] {
    return this.slices.store.byIndex(SLICE_SERVICE_INDEX, `${namespace}/${name}`).sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
  }

  private sliceFor(service: Service, content: SliceContent, current?: EndpointSlice): EndpointSlice {
    const name = service.metadata.name ?? '';
    const metadata: KubeObject['metadata'] = current
      ? structuredClone(current.metadata)
      : { generateName: `${name}-`, namespace: service.metadata.namespace ?? '' };
    metadata.labels = { ...serviceLabels(service), [SERVICE_NAME_LABEL]: name, [MANAGED_BY_LABEL]: MANAGED_BY };
    metadata.ownerReferences = [ownerRef(service)];
    return { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata, addressType: 'IPv4', endpoints: content.endpoints, ports: content.ports };
  }

  private sliceChanged(next: EndpointSlice, current: EndpointSlice): boolean {
    return (
      !sameJson(next.endpoints ?? [], current.endpoints ?? []) ||
      !sameJson(next.ports ?? [], current.ports ?? []) ||
      !sameJson(next.metadata.labels ?? {}, current.metadata.labels ?? {}) ||
      !sameJson(next.metadata.ownerReferences ?? [], current.metadata.ownerReferences ?? [])
    );
  }

  /** Keeps a slice whose ports match each desired one where it can, updates what differs, creates and deletes the rest. */
  private async syncSlices(service: Service, wanted: SliceContent[]): Promise<void> {
    const existing = this.ownSlices(service.metadata.namespace ?? '', service.metadata.name ?? '');
    const unused = [...existing];
    const unmatched: SliceContent[] = [];
    for (const content of wanted) {
      const i = unused.findIndex((s) => sameJson(s.ports ?? [], content.ports));
      if (i < 0) unmatched.push(content);
      else await this.writeSlice(service, content, unused.splice(i, 1)[0]);
    }
    for (const content of unmatched) await this.writeSlice(service, content, unused.shift());
    for (const stale of unused) await this.deleteIgnoringMissing(resources.endpointSlices, stale);
  }

  private async writeSlice(service: Service, content: SliceContent, current: EndpointSlice | undefined): Promise<void> {
    const next = this.sliceFor(service, content, current);
    if (!current) {
      await this.ctx.client.create(resources.endpointSlices, next);
      return;
    }
    if (this.sliceChanged(next, current)) await this.ctx.client.update(resources.endpointSlices, next);
  }

  private async syncEndpoints(service: Service, pods: Pod[]): Promise<void> {
    const namespace = service.metadata.namespace ?? '';
    const name = service.metadata.name ?? '';
    const current = this.endpoints.store.get(namespace, name);
    const { subsets, truncated } = truncateSubsets(desiredSubsets(service, pods));
    const labels = serviceLabels(service);
    const annotations = { ...(current?.metadata.annotations ?? {}) };
    if (truncated) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    const metadata: Endpoints['metadata'] = current ? { ...structuredClone(current.metadata), labels } : { name, namespace, labels };
    if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
    else delete metadata.annotations;
    const next: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata, subsets };
    if (!current) {
      await this.ctx.client.create(resources.endpoints, next).catch((err: unknown) => {
        // Written by an earlier sync the cache has not seen yet; the informer's event queues another.
        if (!isApiError(err, 'AlreadyExists')) throw err;
      });
      return;
    }
    const changed =
      !sameJson(current.subsets ?? [], subsets) ||
      !sameJson(current.metadata.labels ?? {}, labels) ||
      !sameJson(current.metadata.annotations ?? {}, annotations);
    if (changed) {
      await this.ctx.client.update(resources.endpoints, next);
    }
  }

  private async removeAll(namespace: string, name: string): Promise<void> {
    for (const slice of this.ownSlices(namespace, name)) await this.deleteIgnoringMissing(resources.endpointSlices, slice);
    const ep = this.endpoints.store.get(namespace, name);
    if (ep) await this.deleteIgnoringMissing(resources.endpoints, ep);
  }

  private async deleteIgnoringMissing<T extends KubeObject>(info: ResourceInfo<T>, obj: T): Promise<void> {
    try {
      await this.ctx.client.delete(info, obj.metadata.namespace ?? '', obj.metadata.name ?? '', { preconditions: { uid: obj.metadata.uid } });
    } catch (err) {
      if (!isApiError(err, 'NotFound') && !isApiError(err, 'Conflict')) throw err;
    }
  }
}
