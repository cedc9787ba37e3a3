import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/types/index.js';
import { itemKey, OwnerGraph, parseItemKey } from './owner-graph.js';

function obj(name: string, uid: string, owners: string[] = []): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', uid, ownerReferences: owners.map((o) => ({ apiVersion: 'v1', kind: 'X', name: o, uid: o })) } };
}

test('dependents by owner follow upserts and removals', () => {
  const g = new OwnerGraph();
  const a = obj('a', 'ua', ['o1']);
  const key = itemKey('pods', a);
  assert.deepEqual(parseItemKey(key), { resource: 'pods', namespace: 'ns', name: 'a' });
  assert.deepEqual(g.upsert(key, a), ['o1']);
  assert.deepEqual(g.dependents('o1'), [key]);
  assert.equal(g.itemFor('ua'), key);
  assert.deepEqual(g.upsert(key, obj('a', 'ua', ['o2'])).sort(), ['o1', 'o2']);
  assert.deepEqual(g.dependents('o1'), []);
  assert.deepEqual(g.remove(key, obj('a', 'ua', ['o2'])), ['o2']);
  assert.deepEqual(g.dependents('o2'), []);
  assert.equal(g.itemFor('ua'), undefined);
});
