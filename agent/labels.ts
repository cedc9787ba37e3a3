// The Docker labels and names through which the agent rebuilds its whole view
// of the node from Docker alone (after a restart, or when several agents
// share one engine).
import type { Pod } from '../api/types/index.js';

export const LABEL_POD_UID = 'io.flotilla.pod-uid';
export const LABEL_POD_NAMESPACE = 'io.flotilla.pod-namespace';
export const LABEL_POD_NAME = 'io.flotilla.pod-name';
export const LABEL_CONTAINER_NAME = 'io.flotilla.container-name';
export const LABEL_CONTAINER_KIND = 'io.flotilla.container-kind';
export const LABEL_RESTART_COUNT = 'io.flotilla.restart-count';
export const LABEL_NODE = 'io.flotilla.node';
/** Marks the network an agent created, so it is never confused with a user's. */
export const LABEL_NETWORK = 'io.flotilla.network';
/** Marks a pause container created ahead of any pod (its value: the node); labels cannot change, so a claim renames it. */
export const LABEL_SANDBOX_POOL = 'io.flotilla.sandbox-pool';

/** The sandbox's container name, as Kubernetes shows it. */
export const SANDBOX_NAME = 'POD';

export type ContainerKind = 'sandbox' | 'init' | 'app';

export interface ContainerIdentity {
  podUid: string;
  podNamespace: string;
  podName: string;
  containerName: string;
  kind: ContainerKind;
  restartCount: number;
}

const DOCKER_NAME_UNSAFE = /[^a-zA-Z0-9_.-]/g;
const UID_PREFIX_LENGTH = 8;

export function containerLabels(node: string, pod: Pod, containerName: string, kind: ContainerKind, restartCount: number): Record<string, string> {
  return {
    [LABEL_NODE]: node,
    [LABEL_POD_UID]: pod.metadata.uid ?? '',
    [LABEL_POD_NAMESPACE]: pod.metadata.namespace ?? 'default',
    [LABEL_POD_NAME]: pod.metadata.name ?? '',
    [LABEL_CONTAINER_NAME]: containerName,
    [LABEL_CONTAINER_KIND]: kind,
    [LABEL_RESTART_COUNT]: String(restartCount),
  };
}

/** Reads the identity back from a container's labels; undefined if it is not one of ours. */
export function identityFromLabels(labels: Record<string, string> | undefined): ContainerIdentity | undefined {
  if (!labels) return undefined;
  const podUid = labels[LABEL_POD_UID];
  const containerName = labels[LABEL_CONTAINER_NAME];
  const kind = labels[LABEL_CONTAINER_KIND];
  if (!podUid || !containerName || (kind !== 'sandbox' && kind !== 'init' && kind !== 'app')) return undefined;
  const restartCount = Number.parseInt(labels[LABEL_RESTART_COUNT] ?? '0', 10);
  return {
    podUid,
    podNamespace: labels[LABEL_POD_NAMESPACE] ?? '',
    podName: labels[LABEL_POD_NAME] ?? '',
    containerName,
    kind,
    restartCount: Number.isFinite(restartCount) ? restartCount : 0,
  };
}

/** The pod's whole uid is in a claimed pool sandbox's name: its labels were fixed before the pod existed. */
const CLAIMED_SANDBOX_NAME = /^fl_POD_([^_]+)_([^_]+)_([^_]+)_0$/;

/**
 * The name a pool sandbox takes when a pod claims it: a fresh sandbox's name
 * with the whole uid, so an agent that restarts reads the owner from Docker.
 */
export function claimedSandboxName(pod: Pod): string {
  const parts = ['fl', SANDBOX_NAME, pod.metadata.name ?? '', pod.metadata.namespace ?? 'default', pod.metadata.uid ?? '', '0'];
  return parts.map((p) => p.replace(DOCKER_NAME_UNSAFE, '-')).join('_');
}

/** The identity of a claimed pool sandbox, read from its pool label and its name. */
export function identityFromPoolName(labels: Record<string, string> | undefined, dockerName: string): ContainerIdentity | undefined {
  if (!labels?.[LABEL_SANDBOX_POOL]) return undefined;
  const match = CLAIMED_SANDBOX_NAME.exec(dockerName.replace(/^\//, ''));
  if (!match) return undefined;
  return { podUid: match[3], podName: match[1], podNamespace: match[2], containerName: SANDBOX_NAME, kind: 'sandbox', restartCount: 0 };
}

/** A waiting pool sandbox's name: the node and a random suffix, so it never collides with a previous agent's. */
export function poolMemberName(node: string, suffix: string): string {
  return ['flpool', node, suffix].map((p) => p.replace(DOCKER_NAME_UNSAFE, '-')).join('_');
}

/** Who a container belongs to: its labels, or for a claimed pool sandbox its name. */
export function containerIdentity(labels: Record<string, string> | undefined, dockerName: string): ContainerIdentity | undefined {
  return identityFromLabels(labels) ?? identityFromPoolName(labels, dockerName);
}

/**
 * A Docker name unique on the engine: `fl_<container>_<pod>_<ns>_<uid8>_<restarts>`,
 * the same shape dockershim used, so `docker ps` is readable.
 */
export function dockerContainerName(pod: Pod, containerName: string, restartCount: number): string {
  const uid = (pod.metadata.uid ?? '').slice(0, UID_PREFIX_LENGTH);
  const parts = ['fl', containerName, pod.metadata.name ?? '', pod.metadata.namespace ?? 'default', uid, String(restartCount)];
  return parts.map((p) => p.replace(DOCKER_NAME_UNSAFE, '-')).join('_');
}
