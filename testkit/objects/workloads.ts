// Builders and queries for workload integration tests.
import type { Deployment, KubeObject, Pod, ReplicaSet } from '../../api/types/index.js';
import type { ApiClient } from '../../client/api-client.js';
import { waitFor } from '../processes/child-process.js';
import { resources } from '../../api/resources.js';

/** How long tests wait for the controllers to converge. */
export const CONVERGE_TIMEOUT_MS = 20_000;

export function podTemplate(labels: Record<string, string>, image = 'busybox:1.36') {
  return {
    metadata: { labels },
    spec: { containers: [{ name: 'app', image, command: ['sleep', '3600'] }], terminationGracePeriodSeconds: 1 },
  };
}

export function replicaSet(namespace: string, name: string, replicas: number, labels: Record<string, string>): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace },
    spec: { replicas, selector: { matchLabels: labels }, template: podTemplate(labels) },
  };
}

export function deployment(namespace: string, name: string, replicas: number, labels: Record<string, string>, image = 'busybox:1.36'): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { replicas, selector: { matchLabels: labels }, template: podTemplate(labels, image) },
  };
}

export async function createNamespace(client: ApiClient, name: string): Promise<void> {
  await client.create(resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

export async function podsOf(client: ApiClient, namespace: string, selector: string): Promise<Pod[]> {
  return (await client.list<Pod>(resources.pods, { namespace, labelSelector: selector })).items;
}

export function livePods(pods: Pod[]): Pod[] {
  return pods.filter((p) => !p.metadata.deletionTimestamp);
}

export function ownedBy(pods: Pod[], owner: KubeObject): Pod[] {
  return pods.filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid && r.controller));
}

export { isPodReady as isReady } from '../../api/ready-conditions.js';

/** Waits until `check` answers true, re-reading the cluster every poll. */
export function eventually(what: string, check: () => Promise<boolean>, timeoutMs = CONVERGE_TIMEOUT_MS): Promise<true> {
  return waitFor(what, async () => ((await check()) ? true : undefined), timeoutMs, 150);
}

export function sleepMs(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
