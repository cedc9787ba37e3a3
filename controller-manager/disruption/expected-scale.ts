// The number of pods a budget expects when it is a percentage or a
// maxUnavailable: the sum of the replicas of the controllers of its pods, each
// controller once, read through ownerReferences (a ReplicaSet of a Deployment
// counts the Deployment's replicas), as Kubernetes' getExpectedScale does.
import type { Deployment, Pod, ReplicaSet, StatefulSet } from '../../api/types/index.js';
import type { Store } from '../../client/cache-store.js';
import { resolveControllerRef } from '../common/owner-lookup.js';

export interface ScaleSources {
  replicaSets: Store<ReplicaSet>;
  deployments: Store<Deployment>;
  statefulSets: Store<StatefulSet>;
}

/** Why no expected count could be found: the budget then allows no disruption. */
export class ExpectedScaleError extends Error {}

function controllerScale(sources: ScaleSources, pod: Pod): { uid: string; replicas: number } | undefined {
  const rs = resolveControllerRef(sources.replicaSets, 'ReplicaSet', pod);
  if (rs) {
    const deployment = resolveControllerRef(sources.deployments, 'Deployment', rs);
    if (deployment) return { uid: deployment.metadata.uid ?? '', replicas: deployment.spec.replicas ?? 1 };
    return { uid: rs.metadata.uid ?? '', replicas: rs.spec.replicas ?? 1 };
  }
  const sts = resolveControllerRef(sources.statefulSets, 'StatefulSet', pod);
  if (sts) return { uid: sts.metadata.uid ?? '', replicas: sts.spec.replicas ?? 1 };
  return undefined;
}

export function expectedScale(sources: ScaleSources, pods: readonly Pod[]): number {
  const seen = new Map<string, number>();
  for (const pod of pods) {
    const found = controllerScale(sources, pod);
    if (!found) throw new ExpectedScaleError(`found no controllers for pod "${pod.metadata.name}"`);
    seen.set(found.uid, found.replicas);
  }
  return [...seen.values()].reduce((sum, n) => sum + n, 0);
}
