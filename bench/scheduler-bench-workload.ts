// The objects of the scheduler benchmark: nodes, and pods that belong to real
// ReplicaSets. The owners exist so that a controller-manager running beside
// the scheduler sees a steady cluster (its garbage collector would delete
// pods whose owner is missing, and its ReplicaSet controller would add or
// remove pods if the counts did not match).
import type { ApiClient } from '../client/api-client.js';
import type { Pod } from '../api/types/index.js';
import { resources } from '../api/resources.js';
import { makeNode, makePod } from '../testkit/objects/scheduling-objects.js';
import { replicaSet } from '../testkit/objects/workloads.js';

export const NAMESPACE = 'bench';
/** Creates in flight at once. */
export const CREATE_CONCURRENCY = 64;
/** Pods per ReplicaSet: 10,000 pods make 100 owners, each spread over the nodes. */
export const PODS_PER_OWNER = 100;
const POD_CPU = '100m';
const POD_MEMORY = '128Mi';

export interface Owner {
  name: string;
  uid: string;
}

export async function pool<T>(count: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export async function createNodes(client: ApiClient, count: number): Promise<void> {
  await pool(count, CREATE_CONCURRENCY, async (i) => {
    await client.create(resources.nodes, makeNode(`bench-node-${i}`, { cpu: '32', memory: '128Gi', pods: '110', labels: { zone: `z${i % 3}` } }));
  });
}

const ownerLabels = (name: string): Record<string, string> => ({ app: name });

/** One ReplicaSet per PODS_PER_OWNER pods, its replicas equal to the pods the benchmark gives it. */
export async function createOwners(client: ApiClient, pods: number): Promise<Owner[]> {
  const count = Math.ceil(pods / PODS_PER_OWNER);
  const owners: Owner[] = new Array<Owner>(count);
  await pool(count, CREATE_CONCURRENCY, async (i) => {
    const name = `bench-rs-${i}`;
    const replicas = Math.min(PODS_PER_OWNER, pods - i * PODS_PER_OWNER);
    const created = await client.create(resources.replicaSets, replicaSet(NAMESPACE, name, replicas, ownerLabels(name)));
    owners[i] = { name, uid: created.metadata.uid ?? '' };
  });
  return owners;
}

/** Pod i, labelled for and controlled by its ReplicaSet. */
export function benchPod(i: number, owners: readonly Owner[]): Pod {
  const owner = owners[Math.floor(i / PODS_PER_OWNER)]!;
  const pod = makePod(`bench-pod-${i}`, { namespace: NAMESPACE, cpu: POD_CPU, memory: POD_MEMORY, labels: ownerLabels(owner.name) });
  delete pod.metadata.uid;
  pod.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true }];
  return pod;
}
