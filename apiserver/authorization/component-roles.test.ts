import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES } from './bootstrap-policy.js';
import { ruleAllows } from './rule-match.js';

const USER = { name: 'u', uid: '', groups: [] };

function can(role: string, verb: string, resource: string, apiGroup = '', namespace = 'default', name = ''): boolean {
  const found = BOOTSTRAP_CLUSTER_ROLES.find((r) => r.metadata.name === role);
  assert.ok(found, role);
  const [plural, subresource = ''] = resource.split('/');
  return (found.rules ?? []).some((r) => ruleAllows(r, { kind: 'resource', user: USER, verb, apiGroup, apiVersion: 'v1', resource: plural, subresource, namespace, name }));
}

test('the scheduler reads pods and nodes, binds and preempts, and may not delete namespaces or read secrets', () => {
  for (const [verb, resource] of [['list', 'pods'], ['watch', 'nodes'], ['create', 'pods/binding'], ['update', 'pods/status'], ['delete', 'pods'], ['create', 'events']]) {
    assert.equal(can('system:kube-scheduler', verb, resource), true, `${verb} ${resource}`);
  }
  assert.equal(can('system:kube-scheduler', 'get', 'leases', 'coordination.k8s.io', 'kube-system', 'kube-scheduler'), true);
  assert.equal(can('system:kube-scheduler', 'update', 'leases', 'coordination.k8s.io', 'kube-system', 'other'), false);
  assert.equal(can('system:kube-scheduler', 'delete', 'namespaces', '', ''), false);
  assert.equal(can('system:kube-scheduler', 'get', 'secrets'), false);
  assert.equal(can('system:volume-scheduler', 'update', 'persistentvolumes', '', ''), true);
  assert.equal(can('system:volume-scheduler', 'list', 'storageclasses', 'storage.k8s.io', ''), true);
});

test('the controller-manager does what its controllers do, but creates no secrets and no RBAC objects', () => {
  for (const [verb, resource, group] of [
    ['create', 'pods', ''], ['delete', 'pods', ''], ['create', 'replicasets', 'apps'], ['update', 'deployments/status', 'apps'], ['update', 'deployments/scale', 'apps'],
    ['create', 'controllerrevisions', 'apps'], ['create', 'jobs', 'batch'], ['create', 'endpointslices', 'discovery.k8s.io'], ['create', 'serviceaccounts', ''],
    ['create', 'configmaps', ''], ['update', 'nodes/status', ''], ['patch', 'nodes', ''], ['list', 'pods', 'metrics.k8s.io'], ['delete', 'widgets', 'example.com'],
  ]) {
    assert.equal(can('system:kube-controller-manager', verb, resource, group), true, `${verb} ${resource}.${group}`);
  }
  assert.equal(can('system:kube-controller-manager', 'create', 'secrets'), false);
  assert.equal(can('system:kube-controller-manager', 'create', 'rolebindings', 'rbac.authorization.k8s.io'), false);
});

test('DNS reads services, endpoints, slices and namespaces only; the node proxy reads services and slices', () => {
  assert.equal(can('system:kube-dns', 'watch', 'endpointslices', 'discovery.k8s.io'), true);
  assert.equal(can('system:kube-dns', 'get', 'namespaces', '', ''), true);
  assert.equal(can('system:kube-dns', 'get', 'secrets'), false);
  assert.equal(can('system:kube-dns', 'update', 'services'), false);
  assert.equal(can('system:node-proxier', 'list', 'services'), true);
  assert.equal(can('system:node-proxier', 'list', 'endpointslices', 'discovery.k8s.io'), true);
  assert.equal(can('system:node-proxier', 'create', 'pods'), false);
});

test('bindings: components by user, the node proxy to system:nodes, system:node to nobody', () => {
  const subjects = (name: string) => BOOTSTRAP_CLUSTER_ROLE_BINDINGS.find((b) => b.metadata.name === name)?.subjects?.map((s) => `${s.kind}:${s.name}`);
  assert.deepEqual(subjects('system:kube-scheduler'), ['User:system:kube-scheduler']);
  assert.deepEqual(subjects('system:volume-scheduler'), ['User:system:kube-scheduler']);
  assert.deepEqual(subjects('system:kube-controller-manager'), ['User:system:kube-controller-manager']);
  assert.deepEqual(subjects('system:kube-dns'), ['User:system:kube-dns']);
  assert.deepEqual(subjects('system:node-proxier'), ['Group:system:nodes']);
  assert.ok(BOOTSTRAP_CLUSTER_ROLES.some((r) => r.metadata.name === 'system:node'));
  assert.equal(BOOTSTRAP_CLUSTER_ROLE_BINDINGS.some((b) => b.roleRef.name === 'system:node'), false);
});
