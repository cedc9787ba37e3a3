// The registry: every API verb over etcd, for every served kind. Stateless
// apart from caches that do not matter for correctness, so any number of
// apiservers can share one etcd.
import { isResource, qualifiedResource, resources, type ResourceInfo } from '../../api/resources.js';
import { storedView, type KindView } from '../../api/kinds/served-versions.js';
import type { StatusSliceSubresource } from '../../api/kinds/kind-definition.js';
import type { KubeList, KubeObject, Pod } from '../../api/types/index.js';
import { applyObject, type ApplyOptions, type ApplyResult } from './apply.js';
import { bindPod } from './bind.js';
import type { RegistryContext } from './context.js';
import { createObject } from './create.js';
import { deleteObject, type DeleteOutcome } from './delete.js';
import { evictPod, type Eviction } from './eviction.js';
import { listObjects } from './list.js';
import { assertRevisionReached, parseResourceVersion, type ListOptions } from './list-options.js';
import type { Writer } from './managed-fields.js';
import { patchObject, type PatchType } from './patch.js';
import { getScale, patchScale, updateScale, type Scale } from './scale.js';
import { assertObjectPath, requestNamespaceFor } from './request-body.js';
import { buildFilter } from './selectors.js';
import { mustReadObject } from './stored-object.js';
import { ApiError, notFound } from '../../api/errors.js';
import { updateObject } from './update.js';

export interface RegistryHooks {
  /** A namespace has just turned Terminating. */
  namespaceTerminating?(name: string): void;
}

/** The status slice a kind declares under this subresource name; NotFound otherwise, as for status. */
function statusSlice(info: ResourceInfo, subresource: string): StatusSliceSubresource {
  const slice = info.subresources.statusSlices?.find((s) => s.name === subresource);
  if (!slice) throw new ApiError('NotFound', `the server could not find the requested resource (${qualifiedResource(info)}/${subresource})`);
  return slice;
}

export class Registry {
  constructor(
    readonly ctx: RegistryContext,
    private readonly hooks: RegistryHooks = {},
  ) {}

  create(info: ResourceInfo, namespace: string, objectJson: string, dryRun = false, manager?: string): Promise<KubeObject> {
    return createObject(this.ctx, info, namespace, objectJson, dryRun, { manager });
  }

  /** The newest state; a resourceVersion asks for at least that revision ("" and "0": anything). */
  async get(info: ResourceInfo, namespace: string, name: string, resourceVersion = ''): Promise<KubeObject> {
    const ns = requestNamespaceFor(info, namespace);
    assertObjectPath(info, ns, name);
    const minimum = resourceVersion === '' ? 0 : parseResourceVersion(resourceVersion);
    // "0" takes any state, so the watch cache answers it when it can, as in Kubernetes.
    const cache = minimum === 0 && resourceVersion !== '' ? this.ctx.cache?.of(info) : undefined;
    if (cache) {
      const cached = cache.get(this.ctx.keys.objectKey(info, ns, name));
      if (!cached) throw notFound(info.plural, name, info.group);
      return cached;
    }
    const found = await mustReadObject(this.ctx, info, ns, name);
    if (minimum > found.modRevision) await assertRevisionReached(this.ctx, minimum);
    return found.object;
  }

  list(info: ResourceInfo, namespace: string, labelSelector = '', fieldSelector = '', options: ListOptions = {}): Promise<KubeList> {
    return listObjects(this.ctx, buildFilter(info, namespace, labelSelector, fieldSelector), options);
  }

  /** `writer` names the manager (and for the scale subresource, that it came through it). */
  update(info: ResourceInfo, namespace: string, objectJson: string, dryRun = false, writer: Writer = {}): Promise<KubeObject> {
    return updateObject(this.ctx, info, namespace, objectJson, 'main', dryRun, writer);
  }

  updateStatus(info: ResourceInfo, namespace: string, objectJson: string, dryRun = false, manager?: string): Promise<KubeObject> {
    return updateObject(this.ctx, info, namespace, objectJson, 'status', dryRun, { manager, subresource: 'status' });
  }

  /**
   * A write through a status slice (certificatesigningrequests/approval); a
   * subresource the kind does not declare is NotFound, as for status.
   */
  async updateStatusSlice(info: ResourceInfo, namespace: string, subresource: string, objectJson: string, dryRun = false, manager?: string): Promise<KubeObject> {
    return updateObject(this.ctx, info, namespace, objectJson, statusSlice(info, subresource), dryRun, { manager, subresource: 'status' });
  }

  /** A merge, strategic or JSON patch through a status slice; the result is stored as updateStatusSlice stores it. */
  async patchStatusSlice(
    info: ResourceInfo,
    namespace: string,
    name: string,
    subresource: string,
    type: PatchType,
    patchJson: string,
    dryRun = false,
    manager?: string,
    view: KindView = storedView(info),
  ): Promise<KubeObject> {
    const slice = statusSlice(info, subresource);
    const ns = requestNamespaceFor(info, namespace);
    assertObjectPath(info, ns, name);
    return patchObject(this.ctx, info, ns, name, type, patchJson, slice, dryRun, { manager, subresource: 'status' }, view);
  }

  /** `view` names the version the patch is written against (the stored one unless given); the result is stored. */
  patch(
    info: ResourceInfo,
    namespace: string,
    name: string,
    type: PatchType,
    patchJson: string,
    status = false,
    dryRun = false,
    manager?: string,
    view: KindView = storedView(info),
  ): Promise<KubeObject> {
    const ns = requestNamespaceFor(info, namespace);
    assertObjectPath(info, ns, name);
    return patchObject(this.ctx, info, ns, name, type, patchJson, status ? 'status' : 'main', dryRun, { manager, subresource: status ? 'status' : '' }, view);
  }

  /** Server-side apply of a configuration (parseConfiguration reads one); creates the object when it does not exist. */
  apply(info: ResourceInfo, namespace: string, name: string, config: Record<string, unknown>, options: ApplyOptions): Promise<ApplyResult> {
    const ns = requestNamespaceFor(info, namespace);
    assertObjectPath(info, ns, name);
    return applyObject(this.ctx, info, ns, name, structuredClone(config), options);
  }

  async delete(info: ResourceInfo, namespace: string, name: string, optionsJson = '', dryRun = false): Promise<DeleteOutcome> {
    const ns = requestNamespaceFor(info, namespace);
    assertObjectPath(info, ns, name);
    const outcome = await deleteObject(this.ctx, info, ns, name, optionsJson, dryRun);
    if (isResource(info, resources.namespaces) && !dryRun && !outcome.deleted) this.hooks.namespaceTerminating?.(name);
    return outcome;
  }

  getScale(info: ResourceInfo, namespace: string, name: string): Promise<Scale> {
    return getScale(this, info, namespace, name);
  }

  updateScale(info: ResourceInfo, namespace: string, name: string, scaleJson: string, dryRun = false, manager?: string): Promise<Scale> {
    return updateScale(this, info, namespace, name, scaleJson, dryRun, manager);
  }

  patchScale(
    info: ResourceInfo,
    namespace: string,
    name: string,
    type: PatchType,
    patchJson: string,
    dryRun = false,
    manager?: string,
  ): Promise<Scale> {
    return patchScale(this, info, namespace, name, type, patchJson, dryRun, manager);
  }

  /** Evicts a pod: a graceful delete unless disruption policy refuses it. */
  evict(namespace: string, name: string, eviction: Eviction, dryRun = false): Promise<void> {
    const ns = requestNamespaceFor(resources.pods, namespace);
    assertObjectPath(resources.pods, ns, name);
    return evictPod(this.ctx, ns, name, eviction, dryRun);
  }

  bind(namespace: string, bindingJson: string): Promise<Pod> {
    return bindPod(this.ctx, namespace, bindingJson);
  }
}
