// From a dependent (a pod, a ReplicaSet) back to the workload that owns it or
// could adopt it, read from the owners' informer cache. Every workload
// controller wakes its owners this way when a dependent changes.
import { matchesSelector } from '../../api/labels/label-selector.js';
import type { KubeObject, LabelSelector } from '../../api/types/index.js';
import type { Store } from '../../client/cache-store.js';
import { controllerRefOf, NAMESPACE_INDEX } from './controller-ref.js';
import { workloadSelector } from './workload-selector.js';

type Workload = KubeObject & { spec: { selector?: LabelSelector | null } };

/** The `kind` owner that `obj`'s controller reference names, if the cache holds it with that uid. */
export function resolveControllerRef<T extends KubeObject>(owners: Store<T>, kind: string, obj: KubeObject): T | undefined {
  const ref = controllerRefOf(obj);
  if (!ref || ref.kind !== kind) return undefined;
  const owner = owners.get(obj.metadata.namespace ?? '', ref.name);
  return owner && owner.metadata.uid === ref.uid ? owner : undefined;
}

/**
 * Workloads in `obj`'s namespace whose (non-empty) selector matches its labels:
 * the ones that may adopt it while it is an orphan. `owners` must carry NAMESPACE_INDEX.
 */
export function selectingWorkloads<T extends Workload>(owners: Store<T>, obj: KubeObject): T[] {
  return owners.byIndex(NAMESPACE_INDEX, obj.metadata.namespace ?? '').filter((owner) => {
    const selector = workloadSelector(owner);
    return selector !== null && selector.requirements.length > 0 && matchesSelector(selector, obj.metadata.labels);
  });
}
