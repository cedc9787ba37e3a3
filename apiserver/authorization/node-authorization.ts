// The node authorizer inside the apiserver: its graph is the pods and
// PersistentVolumes of the cluster, cached from the apiserver's own registry
// and watches like the RBAC caches (rbac.ts), so a pod bound to a node makes
// its Secrets readable by that node within one watch event.
import { resources } from '../../api/resources.js';
import type { Pod } from '../../api/types/index.js';
import { referenceView } from './pod-references.js';
import type { ListWatchSource } from '../../client/list-watch-source.js';
import { Informer } from '../../client/informer.js';
import type { Logger } from '../../client/logger.js';
import type { Authorizer } from './attributes.js';
import { InformerGroup } from './informer-group.js';
import { NodeAuthorizer } from './node-authorizer.js';
import { NodeGraph } from './node-graph.js';

/** How long the pod and volume caches get to fill at start (the informers retry meanwhile). */
export const NODE_GRAPH_SYNC_TIMEOUT_MS = 30_000;

export interface RunningNodeAuthorizer {
  authorizer: Authorizer;
  stop(): Promise<void>;
}

export async function startNodeAuthorizer(source: ListWatchSource, log: Logger): Promise<RunningNodeAuthorizer> {
  const informerLog = log.child({ part: 'node-graph' });
  // The graph reads a few fields of every pod: its cache keeps those, not a second copy of each pod.
  const pods = new Informer(source, resources.pods, { transform: (pod) => referenceView(pod as Pod) }, informerLog);
  const volumes = new Informer(source, resources.persistentVolumes, {}, informerLog);
  const graph = new NodeGraph(pods.store, volumes.store);
  const group = new InformerGroup([pods, volumes]);
  await group.startSynced(NODE_GRAPH_SYNC_TIMEOUT_MS);
  return {
    authorizer: new NodeAuthorizer(graph),
    stop: () => group.stop(),
  };
}
