// Creating node and pod objects through the real apiserver in tests.
import type { Node, Pod } from '../../api/types/index.js';
import type { ApiClient } from '../../client/api-client.js';
import { makeNode, makePod, type NodeShape, type PodShape } from './scheduling-objects.js';
import { resources } from '../../api/resources.js';

export async function createNode(client: ApiClient, name: string, shape: NodeShape = {}): Promise<Node> {
  return client.create<Node>(resources.nodes, makeNode(name, shape));
}

export async function createPod(client: ApiClient, name: string, shape: PodShape = {}): Promise<Pod> {
  return client.create<Pod>(resources.pods, makePod(name, shape));
}

export async function createNamespace(client: ApiClient, name: string): Promise<void> {
  await client.create(resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}
