// Mutating admission on create and update, as kube-apiserver's admission
// chain: changes a kind needs that depend on the rest of the cluster (so they
// cannot live in the pure kind strategy) or that the apiserver imposes on
// every object of a kind, as configured by its flags. Runs before defaults
// and validation, so what a plugin adds is validated like what the user sent.
import { isResource, resources, type ResourceInfo } from '../../../api/resources.js';
import type { KubeObject } from '../../../api/types/index.js';
import type { RegistryContext } from '../context.js';
import { admitDefaultStorageClass } from './default-storage-class.js';
import { addProtectionFinalizer } from './storage-object-protection.js';
import { admitServiceAccount } from './service-account.js';
import { admitLimitRanger } from './limit-ranger.js';
import { admitDefaultTolerationSeconds } from './default-toleration-seconds.js';
import { PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER } from '../../../api/storage/names.js';
import { stampRequestor } from '../../certificates/csr-requestor.js';

/** One plugin: mutates `obj` (the request's private copy) in place. */
export type CreateAdmission = (ctx: RegistryContext, obj: KubeObject, namespace: string) => Promise<void> | void;
/** One plugin on update: mutates the object to store in place, synchronously (it reads only the context). */
export type UpdateAdmission = (ctx: RegistryContext, obj: KubeObject) => void;

/** The plugins of each kind, in the order Kubernetes runs them. */
const ON_CREATE: readonly { info: ResourceInfo; plugins: readonly CreateAdmission[] }[] = [
  {
    info: resources.persistentVolumeClaims,
    // DefaultStorageClass, then StorageObjectInUseProtection.
    plugins: [admitDefaultStorageClass, (_ctx, obj) => addProtectionFinalizer(obj, PVC_PROTECTION_FINALIZER)],
  },
  { info: resources.persistentVolumes, plugins: [(_ctx, obj) => addProtectionFinalizer(obj, PV_PROTECTION_FINALIZER)] },
  // ServiceAccount, then LimitRanger, then DefaultTolerationSeconds (ResourceQuota runs with the write: resource-quota.ts).
  { info: resources.pods, plugins: [admitServiceAccount, admitLimitRanger, admitDefaultTolerationSeconds] },
  // Not a plugin upstream but the kind's PrepareForCreate; it needs the request's user, which only the apiserver knows.
  { info: resources.certificateSigningRequests, plugins: [(_ctx, obj) => stampRequestor(obj)] },
];

/** `namespace` is the one the object is created in (its metadata may not name it yet). */
export async function admitCreate(ctx: RegistryContext, info: ResourceInfo, obj: KubeObject, namespace: string): Promise<void> {
  for (const entry of ON_CREATE) {
    if (!isResource(info, entry.info)) continue;
    for (const plugin of entry.plugins) await plugin(ctx, obj, namespace);
  }
}

/**
 * The plugins that handle updates too. Upstream's DefaultTolerationSeconds
 * does, so a pod replaced by a manifest without the tolerations it was given
 * at create gets them back instead of failing the rule that tolerations may
 * only be added.
 */
const ON_UPDATE: readonly { info: ResourceInfo; plugins: readonly UpdateAdmission[] }[] = [
  { info: resources.pods, plugins: [admitDefaultTolerationSeconds] },
];

/** Called only for writes of the object itself: the plugins here skip subresources (status, ...) upstream too. */
export function admitUpdate(ctx: RegistryContext, info: ResourceInfo, obj: KubeObject): void {
  for (const entry of ON_UPDATE) {
    if (!isResource(info, entry.info)) continue;
    for (const plugin of entry.plugins) plugin(ctx, obj);
  }
}
