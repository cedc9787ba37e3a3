import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolume, Pod } from '../../api/types/index.js';
import { CacheStore } from '../../client/cache-store.js';
import { keyOf } from '../../client/informer.js';
import { NodeGraph } from './node-graph.js';

function pod(name: string, spec: Partial<Pod['spec']>, namespace = 'shop'): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec } } as Pod;
}

function volume(name: string, claimNamespace: string, claimName: string): PersistentVolume {
  return { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name }, spec: { claimRef: { namespace: claimNamespace, name: claimName } } };
}

function graphOf(pods: Pod[], volumes: PersistentVolume[] = []): { graph: NodeGraph; pods: CacheStore<Pod> } {
  const podStore = new CacheStore<Pod>();
  const volumeStore = new CacheStore<PersistentVolume>();
  const graph = new NodeGraph(podStore, volumeStore);
  for (const p of pods) podStore.set(p);
  for (const v of volumes) volumeStore.set(v);
  return { graph, pods: podStore };
}

test('a pod bound to a node makes it reach a Secret used as a volume, through envFrom, env and a projected source', () => {
  const { graph } = graphOf([
    pod('by-volume', { nodeName: 'n1', volumes: [{ name: 'v', secret: { secretName: 's-volume' } }] }),
    pod('by-env-from', { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox', envFrom: [{ secretRef: { name: 's-env-from' } }] }] }),
    pod('by-env', { nodeName: 'n1', initContainers: [{ name: 'i', image: 'busybox', env: [{ name: 'K', valueFrom: { secretKeyRef: { name: 's-env', key: 'k' } } }] }] }),
    pod('by-projection', { nodeName: 'n1', volumes: [{ name: 'p', projected: { sources: [{ secret: { name: 's-projected' } }, { configMap: { name: 'cm-projected' } }] } }] }),
  ]);
  for (const name of ['s-volume', 's-env-from', 's-env', 's-projected']) assert.equal(graph.reaches('n1', 'secret', 'shop', name), true, name);
  assert.equal(graph.reaches('n1', 'configmap', 'shop', 'cm-projected'), true);
  // The same name in another namespace, or of another kind, is another object.
  assert.equal(graph.reaches('n1', 'secret', 'other', 's-volume'), false);
  assert.equal(graph.reaches('n1', 'configmap', 'shop', 's-volume'), false);
  assert.equal(graph.reaches('n2', 'secret', 'shop', 's-volume'), false);
});

test('image pull secrets, the service account and a claim with its bound volume are reached too', () => {
  const { graph } = graphOf(
    [pod('db', { nodeName: 'n1', serviceAccountName: 'db-sa', imagePullSecrets: [{ name: 'registry' }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] })],
    [volume('pv-data', 'shop', 'data'), volume('pv-other', 'shop', 'other')],
  );
  assert.equal(graph.reaches('n1', 'secret', 'shop', 'registry'), true);
  assert.equal(graph.reaches('n1', 'serviceaccount', 'shop', 'db-sa'), true);
  assert.equal(graph.reaches('n1', 'persistentvolumeclaim', 'shop', 'data'), true);
  assert.equal(graph.reaches('n1', 'persistentvolume', '', 'pv-data'), true);
  assert.equal(graph.reaches('n1', 'persistentvolume', '', 'pv-other'), false);
  assert.equal(graph.reaches('n1', 'persistentvolume', '', 'missing'), false);
});

test('an unbound pod makes no node reach anything', () => {
  const { graph } = graphOf([pod('pending', { volumes: [{ name: 'v', secret: { secretName: 's1' } }] })]);
  assert.equal(graph.reaches('n1', 'secret', 'shop', 's1'), false);
  assert.equal(graph.reaches('', 'secret', 'shop', 's1'), false);
});

test('deleting or rebinding the pod removes the edge', () => {
  const bound = pod('web', { nodeName: 'n1', volumes: [{ name: 'v', secret: { secretName: 's1' } }] });
  const { graph, pods } = graphOf([bound, pod('other', { nodeName: 'n1', volumes: [{ name: 'v', secret: { secretName: 's2' } }] })]);
  assert.equal(graph.reaches('n1', 'secret', 'shop', 's1'), true);
  pods.set(pod('web', { nodeName: 'n2', volumes: [{ name: 'v', secret: { secretName: 's1' } }] }));
  assert.equal(graph.reaches('n1', 'secret', 'shop', 's1'), false);
  assert.equal(graph.reaches('n2', 'secret', 'shop', 's1'), true);
  pods.deleteKey(keyOf(bound));
  assert.equal(graph.reaches('n2', 'secret', 'shop', 's1'), false);
  assert.equal(graph.reaches('n1', 'secret', 'shop', 's2'), true, 'the other pod keeps its own edge');
});

test('a Secret two pods use stays reachable until the last of them goes', () => {
  const a = pod('a', { nodeName: 'n1', volumes: [{ name: 'v', secret: { secretName: 'shared' } }] });
  const b = pod('b', { nodeName: 'n1', containers: [{ name: 'c', image: 'busybox', envFrom: [{ secretRef: { name: 'shared' } }] }] });
  const { graph, pods } = graphOf([a, b]);
  pods.deleteKey(keyOf(a));
  assert.equal(graph.reaches('n1', 'secret', 'shop', 'shared'), true);
  pods.deleteKey(keyOf(b));
  assert.equal(graph.reaches('n1', 'secret', 'shop', 'shared'), false);
});

test('a pod that names no account makes its node reach the namespace\'s default account', () => {
  const { graph } = graphOf([pod('plain', { nodeName: 'n1' })]);
  assert.equal(graph.reaches('n1', 'serviceaccount', 'shop', 'default'), true);
  assert.equal(graph.reaches('n1', 'serviceaccount', 'shop', 'builder'), false);
});
