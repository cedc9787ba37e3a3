import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KINDS } from '../../../api/kinds/registry.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './legacy-discovery.js';

test('/api/v1 lists pods as Kubernetes does, with its subresources after it', () => {
  const list = apiResourceList(KINDS, '', 'v1');
  assert.ok(list);
  assert.equal(list.kind, 'APIResourceList');
  assert.equal(list.apiVersion, undefined);
  assert.equal(list.groupVersion, 'v1');
  const pods = list.resources.find((r) => r.name === 'pods');
  assert.deepEqual(pods, {
    name: 'pods',
    singularName: 'pod',
    namespaced: true,
    kind: 'Pod',
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['po'],
    categories: ['all'],
    storageVersionHash: 'xPOwRZ+Yhw8=',
  });
  const names = list.resources.map((r) => r.name).filter((n) => n.startsWith('pods/'));
  assert.deepEqual(names, ['pods/attach', 'pods/binding', 'pods/eviction', 'pods/exec', 'pods/log', 'pods/portforward', 'pods/status']);
  assert.deepEqual(list.resources.find((r) => r.name === 'pods/status'), {
    name: 'pods/status',
    singularName: '',
    namespaced: true,
    kind: 'Pod',
    verbs: ['get', 'patch', 'update'],
  });
  // kubectl drain finds the eviction's group and version here.
  assert.deepEqual(list.resources.find((r) => r.name === 'pods/eviction'), {
    name: 'pods/eviction',
    singularName: '',
    namespaced: true,
    group: 'policy',
    version: 'v1',
    kind: 'Eviction',
    verbs: ['create'],
  });
});

test('/apis/apps/v1: deployments/scale speaks autoscaling/v1 Scale', () => {
  const list = apiResourceList(KINDS, 'apps', 'v1');
  assert.ok(list);
  assert.equal(list.apiVersion, 'v1');
  assert.equal(list.groupVersion, 'apps/v1');
  assert.deepEqual(list.resources.find((r) => r.name === 'deployments/scale'), {
    name: 'deployments/scale',
    singularName: '',
    namespaced: true,
    group: 'autoscaling',
    version: 'v1',
    kind: 'Scale',
    verbs: ['get', 'patch', 'update'],
  });
  assert.equal(list.resources.find((r) => r.name === 'deployments')?.storageVersionHash, '8aSe+NMegvE=');
  assert.equal(apiResourceList(KINDS, 'apps', 'v2'), undefined);
});

test('every served kind appears exactly once across the resource lists', () => {
  const seen: string[] = [];
  for (const g of ['', ...apiGroupList(KINDS).groups.map((x) => x.name)]) {
    const versions = g === '' ? apiVersions(KINDS, 'h:1').versions : (apiGroup(KINDS, g)?.versions.map((v) => v.version) ?? []);
    for (const v of versions) {
      for (const r of apiResourceList(KINDS, g, v)?.resources ?? []) if (!r.name.includes('/')) seen.push(`${g}/${v}/${r.kind}`);
    }
  }
  assert.deepEqual(seen.sort(), KINDS.map((k) => `${k.group}/${k.version}/${k.kind}`).sort());
});

test('/api and /apis: APIVersions with the server address, APIGroupList with preferred versions and no core group', () => {
  assert.deepEqual(apiVersions(KINDS, '10.0.0.1:6443'), {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:6443' }],
  });
  const groups = apiGroupList(KINDS);
  assert.equal(groups.apiVersion, 'v1');
  assert.deepEqual(groups.groups.find((g) => g.name === 'apps'), {
    name: 'apps',
    versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
    preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
  });
  assert.ok(!groups.groups.some((g) => g.name === ''));
});
