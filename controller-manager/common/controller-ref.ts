// Owner references between workloads and what they own: the controller
// reference, building one for an owner, and the edits adoption and release make.
import type { KubeObject, OwnerReference } from '../../api/types/index.js';
import type { Store } from '../../client/cache-store.js';

export function controllerRefOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** The reference a controller puts on what it creates or adopts. */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** A copy of `obj` with `owner` as its controller. */
export function withControllerRef<T extends KubeObject>(obj: T, owner: KubeObject): T {
  const copy = structuredClone(obj) as T;
  const others = (copy.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
  copy.metadata.ownerReferences = [...others, newControllerRef(owner)];
  return copy;
}

/** A copy of `obj` without any reference to the owner with this uid. */
export function withoutOwner<T extends KubeObject>(obj: T, ownerUid: string): T {
  const copy = structuredClone(obj) as T;
  const left = (copy.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
  if (left.length > 0) copy.metadata.ownerReferences = left;
  else delete copy.metadata.ownerReferences;
  return copy;
}

/**
 * Cache index: objects by the uid of their controller, and those without one
 * by namespace under orphanIndexKey, as kube's PodControllerUIDIndex files
 * them: a claim then reads what the owner controls and the orphans it may
 * adopt, not every object of the namespace (10,000 pods in one namespace made
 * each ReplicaSet sync walk all of them).
 */
export const CONTROLLER_UID_INDEX = 'controllerUid';

/** Where the index files objects of `namespace` that no controller owns; never a uid. */
export function orphanIndexKey(namespace: string): string {
  return `orphan/${namespace}`;
}

export function controllerUidIndex(obj: KubeObject): string[] {
  const ref = controllerRefOf(obj);
  return [ref ? ref.uid : orphanIndexKey(obj.metadata.namespace ?? '')];
}

/** What `owner` controls in its own namespace, from a store indexed by CONTROLLER_UID_INDEX. */
export function controlledBy<T extends KubeObject>(store: Store<T>, owner: KubeObject): T[] {
  const namespace = owner.metadata.namespace ?? '';
  return store.byIndex(CONTROLLER_UID_INDEX, owner.metadata.uid ?? '').filter((obj) => (obj.metadata.namespace ?? '') === namespace);
}

/** What a claim by `owner` looks at: what it controls, then the orphans of its namespace. */
export function claimCandidates<T extends KubeObject>(store: Store<T>, owner: KubeObject): T[] {
  return [...controlledBy(store, owner), ...store.byIndex(CONTROLLER_UID_INDEX, orphanIndexKey(owner.metadata.namespace ?? ''))];
}

/** Cache index: objects by namespace. */
export const NAMESPACE_INDEX = 'namespace';

export function namespaceIndex(obj: KubeObject): string[] {
  return [obj.metadata.namespace ?? ''];
}
