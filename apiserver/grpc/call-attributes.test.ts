import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callAttributes, type ApiMethod } from './call-attributes.js';

const USER = { name: 'jane', uid: '', groups: [] };
const brief = (method: ApiMethod, request: unknown): string => {
  const a = callAttributes(method, request, USER);
  return [a.verb, a.apiGroup, a.resource, a.subresource, a.namespace, a.name].join('|');
};
const ref = (resource: string, group = '') => ({ ref: { resource, group } });

test('reads: Get, List and Watch as get, list and watch; a metadata.name selector names the object', () => {
  assert.equal(brief('Get', { ...ref('pods'), namespace: 'ns', name: 'web' }), 'get||pods||ns|web');
  assert.equal(brief('List', { ...ref('deployments'), namespace: 'ns', fieldSelector: '' }), 'list|apps|deployments||ns|');
  assert.equal(brief('Watch', { ...ref('po'), namespace: '', fieldSelector: 'metadata.name=web' }), 'watch||pods|||web');
  assert.equal(brief('GetScale', { ...ref('deployments', 'apps'), namespace: 'ns', name: 'web' }), 'get|apps|deployments|scale|ns|web');
});

test('writes: names come from the object for Create-like calls; status and scale are subresources', () => {
  const obj = JSON.stringify({ metadata: { name: 'web' } });
  assert.equal(brief('Create', { ...ref('pods'), namespace: 'ns', objectJson: obj }), 'create||pods||ns|');
  assert.equal(brief('Update', { ...ref('pods'), namespace: 'ns', objectJson: obj }), 'update||pods||ns|web');
  assert.equal(brief('UpdateStatus', { ...ref('pods'), namespace: 'ns', objectJson: obj }), 'update||pods|status|ns|web');
  assert.equal(brief('Patch', { ...ref('nodes'), namespace: '', name: 'n1', status: true }), 'patch||nodes|status||n1');
  assert.equal(brief('Patch', { ...ref('nodes'), namespace: '', name: 'n1', status: false }), 'patch||nodes|||n1');
  assert.equal(brief('Delete', { ...ref('namespaces'), namespace: '', name: 'shop' }), 'delete||namespaces|||shop');
  assert.equal(brief('UpdateScale', { ...ref('statefulsets'), namespace: 'ns', name: 'db' }), 'update|apps|statefulsets|scale|ns|db');
  assert.equal(brief('Update', { ...ref('pods'), namespace: 'ns', objectJson: '{not json' }), 'update||pods||ns|');
});

test('subresource calls are named as kube-apiserver names them', () => {
  assert.equal(brief('Bind', { namespace: 'ns', bindingJson: JSON.stringify({ metadata: { name: 'web' } }) }), 'create||pods|binding|ns|web');
  assert.equal(brief('PodLogs', { namespace: 'ns', name: 'web' }), 'get||pods|log|ns|web');
  assert.equal(brief('PodExec', { start: { namespace: 'ns', name: 'web' } }), 'create||pods|exec|ns|web');
  assert.equal(brief('CreateToken', { namespace: 'ns', name: 'default' }), 'create||serviceaccounts|token|ns|default');
  assert.equal(brief('ListMetrics', { ...ref('pods'), namespace: 'ns' }), 'list|metrics.k8s.io|pods||ns|');
});

test('an unknown resource is authorized as typed, so the refusal does not depend on whether it exists', () => {
  assert.equal(brief('Get', { ...ref('Widgets', 'example.com'), namespace: 'ns', name: 'w' }), 'get|example.com|widgets||ns|w');
});
