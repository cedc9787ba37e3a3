// The garbage collector: deletes objects whose owners are gone (Background),
// deletes dependents before their owner (Foreground: the foregroundDeletion
// finalizer, blocked by dependents with blockOwnerDeletion), and cuts
// dependents loose before their owner goes (Orphan: the orphan finalizer).
import { isApiError } from '../../api/errors.js';
import { findResource, qualifiedResource, resourceForKind, RESOURCES, type ResourceInfo } from '../../api/resources.js';
import type { DeleteOptions, KubeObject, OwnerReference } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import type { ControllerContext } from '../common/controller-context.js';
import { QueueController } from '../common/queue-controller.js';
import { itemKey, OwnerGraph, parseItemKey, type ItemKey } from './owner-graph.js';
import { ignoreNotFound } from '../common/not-found.js';

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** Kinds the collector does not watch: events expire on their own, namespaces empty themselves. */
const UNWATCHED_KINDS = new Set(['Event', 'Namespace']);

type OwnerState = 'solid' | 'dangling' | 'waiting';

export class GarbageCollector extends QueueController {
  private readonly graph = new OwnerGraph();
  /** By the resource part of item keys: the handle to write with and the cache to read. */
  private readonly watched = new Map<string, { info: ResourceInfo; informer: Informer<KubeObject> }>();

  constructor(ctx: ControllerContext, resources: readonly ResourceInfo[] = RESOURCES.filter((r) => !UNWATCHED_KINDS.has(r.kind))) {
    super(ctx, 'garbagecollector');
    for (const info of resources) {
      const resource = qualifiedResource(info);
      const informer = ctx.factory.informerFor(info);
      this.watched.set(resource, { info, informer });
      informer.addEventHandler({
        onAdd: (obj) => this.changed(resource, undefined, obj),
        onUpdate: (old, obj) => this.changed(resource, old, obj),
        onDelete: (obj) => this.deleted(resource, obj),
      });
    }
  }

  private changed(resource: string, old: KubeObject | undefined, obj: KubeObject): void {
    if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion) return;
    const key = itemKey(resource, obj);
    const touchedOwners = this.graph.upsert(key, obj);
    if ((obj.metadata.ownerReferences ?? []).length > 0 || hasGcFinalizer(obj)) this.queue.add(key);
    // A dependent that starts going (or drops an owner) may unblock a foreground owner.
    const owners = [...touchedOwners, ...(obj.metadata.deletionTimestamp ? (obj.metadata.ownerReferences ?? []).map((r) => r.uid) : [])];
    this.enqueueOwners(owners);
  }

  private deleted(resource: string, obj: KubeObject): void {
    const key = itemKey(resource, obj);
    const owners = this.graph.remove(key, obj);
    for (const dependent of this.graph.dependents(obj.metadata.uid ?? '')) this.queue.add(dependent);
    this.enqueueOwners(owners);
  }

  private enqueueOwners(uids: readonly string[]): void {
    for (const uid of uids) {
      const owner = this.graph.itemFor(uid);
      if (owner) this.queue.add(owner);
    }
  }

  private lookup(key: ItemKey): KubeObject | undefined {
    const { resource, namespace, name } = parseItemKey(key);
    return this.watched.get(resource)?.informer.store.get(namespace, name);
  }

  /** The handle of the informer the item came from; known for every key a lookup found. */
  private resourceOf(key: ItemKey): ResourceInfo | undefined {
    return this.watched.get(parseItemKey(key).resource)?.info;
  }

  async sync(key: ItemKey): Promise<void> {
    const obj = this.lookup(key);
    const resource = this.resourceOf(key);
    if (!obj || !resource) return;
    if (obj.metadata.deletionTimestamp) {
      const finalizers = obj.metadata.finalizers ?? [];
      if (finalizers.includes(ORPHAN_FINALIZER)) await this.orphanDependents(resource, obj);
      else if (finalizers.includes(FOREGROUND_FINALIZER)) await this.deleteDependentsFirst(resource, obj);
    }
    if ((obj.metadata.ownerReferences ?? []).length > 0) await this.attemptToDelete(resource, obj);
  }

  /** Orphan: remove the owner's reference from every dependent, then the finalizer. */
  private async orphanDependents(resource: ResourceInfo, owner: KubeObject): Promise<void> {
    const uid = owner.metadata.uid ?? '';
    for (const depKey of this.graph.dependents(uid)) {
      const dep = this.lookup(depKey);
      const depResource = this.resourceOf(depKey);
      if (!dep || !depResource) continue;
      const copy = structuredClone(dep);
      const left = (copy.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      if (left.length > 0) copy.metadata.ownerReferences = left;
      else delete copy.metadata.ownerReferences;
      await ignoreNotFound(this.ctx.client.update(depResource, copy));
    }
    await this.removeFinalizer(resource, owner, ORPHAN_FINALIZER);
    this.logger.info({ owner: itemKey(qualifiedResource(resource), owner) }, 'orphaned dependents');
  }

  /**
   * Foreground: delete every dependent (in the foreground too, so the whole
   * tree goes bottom-up); the owner's finalizer goes once no dependent with
   * blockOwnerDeletion is left.
   */
  private async deleteDependentsFirst(resource: ResourceInfo, owner: KubeObject): Promise<void> {
    const uid = owner.metadata.uid ?? '';
    let blocking = 0;
    for (const depKey of this.graph.dependents(uid)) {
      const dep = this.lookup(depKey);
      const depResource = this.resourceOf(depKey);
      if (!dep || !depResource) continue;
      const ref = dep.metadata.ownerReferences?.find((r) => r.uid === uid);
      if (ref?.blockOwnerDeletion) blocking++;
      // Judged like any dependent: one that another owner still holds is let go, not deleted.
      if (!dep.metadata.deletionTimestamp) await this.attemptToDelete(depResource, dep);
    }
    if (blocking === 0) await this.removeFinalizer(resource, owner, FOREGROUND_FINALIZER);
  }

  /**
   * A dependent: delete it when none of its owners is solid; while one is,
   * drop references to owners that are gone or deleting in the foreground.
   */
  private async attemptToDelete(resource: ResourceInfo, obj: KubeObject): Promise<void> {
    if (obj.metadata.deletionTimestamp && !(obj.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER)) return;
    const refs = obj.metadata.ownerReferences ?? [];
    const states = await Promise.all(refs.map((r) => this.ownerState(obj, r)));
    const solid = states.filter((s) => s === 'solid').length;
    const dropped = states.filter((s) => s !== 'solid').length;
    if (solid > 0) {
      if (dropped > 0) {
        const copy = structuredClone(obj);
        copy.metadata.ownerReferences = refs.filter((_, i) => states[i] === 'solid');
        await ignoreNotFound(this.ctx.client.update(resource, copy));
      }
      return;
    }
    if (obj.metadata.deletionTimestamp) return;
    const policy: DeleteOptions['propagationPolicy'] = states.includes('waiting') ? 'Foreground' : 'Background';
    this.logger.info({ item: itemKey(qualifiedResource(resource), obj), policy }, 'deleting an object whose owners are gone');
    await this.deleteObject(resource, obj, policy);
  }

  private async ownerState(dependent: KubeObject, ref: OwnerReference): Promise<OwnerState> {
    let owner: KubeObject | undefined;
    const cachedKey = this.graph.itemFor(ref.uid);
    if (cachedKey) owner = this.lookup(cachedKey);
    if (!owner) owner = await this.fetchOwner(dependent, ref);
    if (!owner || owner.metadata.uid !== ref.uid) return 'dangling';
    if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER)) return 'waiting';
    return 'solid';
  }

  /** The cache may lag behind a just-created owner: ask the apiserver before calling it gone. */
  private async fetchOwner(dependent: KubeObject, ref: OwnerReference): Promise<KubeObject | undefined> {
    let info: ResourceInfo;
    try {
      info = resourceForKind(ref.apiVersion, ref.kind);
    } catch {
      // A kind this cluster does not serve: it cannot be checked, so it is not collected.
      const fallback = findResource(ref.kind);
      if (!fallback) return { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { uid: ref.uid, name: ref.name } };
      info = fallback;
    }
    try {
      return await this.ctx.client.get(info, info.namespaced ? (dependent.metadata.namespace ?? '') : '', ref.name);
    } catch (err) {
      if (isApiError(err, 'NotFound')) return undefined;
      throw err;
    }
  }

  private async deleteObject(resource: ResourceInfo, obj: KubeObject, policy: DeleteOptions['propagationPolicy']): Promise<void> {
    try {
      await this.ctx.client.delete(resource, obj.metadata.namespace ?? '', obj.metadata.name ?? '', {
        propagationPolicy: policy,
        preconditions: { uid: obj.metadata.uid },
      });
    } catch (err) {
      if (isApiError(err, 'NotFound')) return;
      if (isApiError(err, 'Conflict')) return; // a new object took the name: not ours to delete
      throw err;
    }
  }

  private async removeFinalizer(resource: ResourceInfo, obj: KubeObject, finalizer: string): Promise<void> {
    const fresh = await ignoreNotFound(this.ctx.client.get(resource, obj.metadata.namespace ?? '', obj.metadata.name ?? ''));
    if (!fresh || fresh.metadata.uid !== obj.metadata.uid) return;
    const finalizers = (fresh.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (finalizers.length === (fresh.metadata.finalizers ?? []).length) return;
    const copy = structuredClone(fresh);
    copy.metadata.finalizers = finalizers;
    await ignoreNotFound(this.ctx.client.update(resource, copy));
  }
}

function hasGcFinalizer(obj: KubeObject): boolean {
  const f = obj.metadata.finalizers ?? [];
  return Boolean(obj.metadata.deletionTimestamp) && (f.includes(ORPHAN_FINALIZER) || f.includes(FOREGROUND_FINALIZER));
}
