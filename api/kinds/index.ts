// The strategy for every served kind, keyed by kind (see api/resources.ts).
import type { KindStrategy } from '../strategy.js';
import { controllerRevisionStrategy } from './controllerrevision.js';
import { daemonSetStrategy } from './daemonset.js';
import { deploymentStrategy } from './deployment.js';
import { eventStrategy } from './event.js';
import { leaseStrategy } from './lease.js';
import { namespaceStrategy } from './namespace.js';
import { nodeStrategy } from './node.js';
import { podStrategy } from './pod.js';
import { replicaSetStrategy } from './replicaset.js';
import { statefulSetStrategy } from './statefulset.js';

export const STRATEGIES: Record<string, KindStrategy> = {
  Namespace: namespaceStrategy,
  Node: nodeStrategy,
  Pod: podStrategy,
  Event: eventStrategy,
  Lease: leaseStrategy,
  ReplicaSet: replicaSetStrategy,
  Deployment: deploymentStrategy,
  DaemonSet: daemonSetStrategy,
  StatefulSet: statefulSetStrategy,
  ControllerRevision: controllerRevisionStrategy,
};
