import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod, ReplicaSet } from '../../api/types/index.js';
import { CacheStore } from '../../client/cache-store.js';
import { claimCandidates, controlledBy, CONTROLLER_UID_INDEX, controllerUidIndex, newControllerRef } from './controller-ref.js';

function replicaSet(namespace: string, name: string, uid: string): ReplicaSet {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { namespace, name, uid }, spec: { selector: {}, template: {} } } as ReplicaSet;
}

function pod(namespace: string, name: string, owner?: ReplicaSet): Pod {
  const ownerReferences = owner ? [newControllerRef(owner)] : undefined;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name, uid: `uid-${namespace}-${name}`, ownerReferences }, spec: { containers: [] } };
}

function names(pods: readonly Pod[]): string[] {
  return pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();
}

describe('claimCandidates', () => {
  const web = replicaSet('a', 'web', 'rs-web');
  const api = replicaSet('a', 'api', 'rs-api');
  const store = new CacheStore<Pod>();
  store.addIndex(CONTROLLER_UID_INDEX, controllerUidIndex);
  for (const p of [pod('a', 'web-1', web), pod('a', 'web-2', web), pod('a', 'api-1', api), pod('a', 'loose'), pod('b', 'loose'), pod('b', 'web-x', web)]) {
    store.set(Object.freeze(p));
  }

  it("reads what the owner controls in its namespace and that namespace's orphans, nothing another controller owns", () => {
    assert.deepEqual(names(claimCandidates(store, web)), ['a/loose', 'a/web-1', 'a/web-2']);
    assert.deepEqual(names(claimCandidates(store, api)), ['a/api-1', 'a/loose']);
  });

  it('leaves out an object in another namespace that names the owner as its controller', () => {
    assert.deepEqual(names(controlledBy(store, web)), ['a/web-1', 'a/web-2']);
  });

  it('moves an object between its owner and the orphans as its controller reference changes', () => {
    const released = pod('a', 'web-1');
    store.set(Object.freeze(released));
    assert.deepEqual(names(controlledBy(store, web)), ['a/web-2']);
    assert.deepEqual(names(claimCandidates(store, api)), ['a/api-1', 'a/loose', 'a/web-1']);
  });
});
