// Cluster changes that may let an unschedulable pod fit, and which filter
// plugins' verdicts each can change. A pod rejected only by plugins an event
// cannot affect stays where it is.
import { deepEqual as same } from '../../api/json-value.js';
import type { Node } from '../../api/types/index.js';
import { INTER_POD_AFFINITY } from '../plugins/inter-pod-affinity.js';
import { NODE_AFFINITY } from '../plugins/node-affinity.js';
import { NODE_PORTS } from '../plugins/node-ports.js';
import { NODE_READY } from '../plugins/node-ready.js';
import { NODE_RESOURCES_FIT } from '../plugins/node-resources-fit.js';
import { NODE_UNSCHEDULABLE } from '../plugins/node-unschedulable.js';
import { POD_TOPOLOGY_SPREAD } from '../plugins/pod-topology-spread.js';
import { TAINT_TOLERATION } from '../plugins/taint-toleration.js';
import { VOLUME_BINDING } from '../plugins/volume-binding.js';
import { nodeReadyCondition } from '../../api/ready-conditions.js';

export interface ClusterEvent {
  label: string;
  /** Plugins whose rejections this event may undo; undefined: every plugin. */
  plugins: ReadonlySet<string> | undefined;
}

export const NODE_ADD: ClusterEvent = { label: 'NodeAdd', plugins: undefined };
export const ASSIGNED_POD_DELETE: ClusterEvent = {
  label: 'AssignedPodDelete',
  plugins: new Set([NODE_RESOURCES_FIT, NODE_PORTS, INTER_POD_AFFINITY, POD_TOPOLOGY_SPREAD]),
};
/** A pod placed (or its labels changed): it may be the partner a pod with affinity waits for. */
export const ASSIGNED_POD_ADD: ClusterEvent = {
  label: 'AssignedPodAdd',
  plugins: new Set([INTER_POD_AFFINITY, POD_TOPOLOGY_SPREAD]),
};
/** A claim, volume or class appeared or changed: a pod waiting on its claims may fit now. */
export const VOLUME_CHANGE: ClusterEvent = { label: 'StorageChange', plugins: new Set([VOLUME_BINDING]) };
export const UNSCHEDULABLE_TIMEOUT: ClusterEvent = { label: 'UnschedulableTimeout', plugins: undefined };
export const FORCE_ACTIVATE: ClusterEvent = { label: 'ForceActivate', plugins: undefined };

/** The event a node update amounts to, or undefined when nothing scheduling-relevant changed. */
export function nodeUpdateEvent(oldNode: Node, newNode: Node): ClusterEvent | undefined {
  const plugins = new Set<string>();
  if (!same(oldNode.status?.allocatable ?? oldNode.status?.capacity, newNode.status?.allocatable ?? newNode.status?.capacity)) {
    plugins.add(NODE_RESOURCES_FIT);
  }
  if (!same(oldNode.metadata.labels, newNode.metadata.labels)) {
    plugins.add(NODE_AFFINITY);
    plugins.add(INTER_POD_AFFINITY);
    plugins.add(POD_TOPOLOGY_SPREAD);
  }
  if (!same(oldNode.spec?.taints, newNode.spec?.taints)) {
    plugins.add(TAINT_TOLERATION);
    plugins.add(POD_TOPOLOGY_SPREAD);
  }
  if ((oldNode.spec?.unschedulable ?? false) !== (newNode.spec?.unschedulable ?? false)) plugins.add(NODE_UNSCHEDULABLE);
  const ready = (n: Node) => nodeReadyCondition(n)?.status;
  if (ready(oldNode) !== ready(newNode)) plugins.add(NODE_READY);
  if (plugins.size === 0) return undefined;
  return { label: 'NodeUpdate', plugins };
}

/** Whether `event` may help a pod that `rejectedBy` turned down. */
export function mayHelp(event: ClusterEvent, rejectedBy: ReadonlySet<string>): boolean {
  if (!event.plugins || rejectedBy.size === 0) return true;
  for (const p of rejectedBy) if (event.plugins.has(p)) return true;
  return false;
}
