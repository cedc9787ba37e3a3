// Which objects each node may read because a pod bound to it needs them, as
// Kubernetes' node authorizer graph: pods are indexed by node and by every
// Secret, ConfigMap, PersistentVolumeClaim and ServiceAccount they reference,
// and a PersistentVolume is reachable through the claim its claimRef names.
// The index lives in the pod cache itself, so a pod that is unbound, rebound
// or deleted changes what its node reaches in the same step as the cache.
import type { PersistentVolume, Pod } from '../../api/types/index.js';
import type { Store } from '../../client/informer.js';
import { podReferences, type ReferenceKind } from './pod-references.js';

export type GraphKind = ReferenceKind | 'persistentvolume';

const BY_NODE_REFERENCE = 'node-reference';

function edgeKey(node: string, kind: ReferenceKind, namespace: string, name: string): string {
  return JSON.stringify([node, kind, namespace, name]);
}

/** The index values of a pod: one per object it makes its node reach; none while unbound. */
export function podEdges(pod: Pod): string[] {
  const node = pod.spec?.nodeName;
  if (typeof node !== 'string' || node === '') return [];
  const namespace = pod.metadata.namespace ?? '';
  return podReferences(pod).map((ref) => edgeKey(node, ref.kind, namespace, ref.name));
}

export class NodeGraph {
  constructor(
    private readonly pods: Store<Pod>,
    private readonly volumes: Pick<Store<PersistentVolume>, 'get'>,
  ) {
    pods.addIndex(BY_NODE_REFERENCE, podEdges);
  }

  /** Whether some pod bound to `node` references the object (`namespace` is "" for a PersistentVolume). */
  reaches(node: string, kind: GraphKind, namespace: string, name: string): boolean {
    if (node === '' || name === '') return false;
    if (kind === 'persistentvolume') return this.reachesVolume(node, name);
    return this.pods.byIndex(BY_NODE_REFERENCE, edgeKey(node, kind, namespace, name)).length > 0;
  }

  private reachesVolume(node: string, name: string): boolean {
    const claim = this.volumes.get('', name)?.spec?.claimRef;
    if (!claim?.name || !claim.namespace) return false;
    return this.reaches(node, 'persistentvolumeclaim', claim.namespace, claim.name);
  }
}
