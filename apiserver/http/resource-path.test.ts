import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseResourcePath, type ResourcePath } from './resource-path.js';

function summary(path: ResourcePath | undefined): string {
  if (!path) return 'none';
  return [path.info.plural, path.namespace || '-', path.name || '-', path.subresource || '-'].join(' ');
}

test('core and grouped paths, namespaced and across namespaces', () => {
  assert.equal(summary(parseResourcePath('/api/v1/namespaces/default/pods')), 'pods default - -');
  assert.equal(summary(parseResourcePath('/api/v1/namespaces/default/pods/web/status')), 'pods default web status');
  assert.equal(summary(parseResourcePath('/api/v1/pods')), 'pods - - -');
  assert.equal(summary(parseResourcePath('/apis/apps/v1/namespaces/shop/deployments/web')), 'deployments shop web -');
  assert.equal(summary(parseResourcePath('/apis/apps/v1/deployments/')), 'deployments - - -');
});

test('cluster-scoped kinds, and the Namespace itself', () => {
  assert.equal(summary(parseResourcePath('/api/v1/nodes/node-a/status')), 'nodes - node-a status');
  assert.equal(summary(parseResourcePath('/api/v1/namespaces')), 'namespaces - - -');
  assert.equal(summary(parseResourcePath('/api/v1/namespaces/shop')), 'namespaces - shop -');
  assert.equal(summary(parseResourcePath('/api/v1/namespaces/shop/status')), 'namespaces - shop status');
  assert.equal(summary(parseResourcePath('/api/v1/namespaces/shop%2Dx')), 'namespaces - shop-x -');
  // Not a namespaced kind of this group: read as a subresource of the Namespace, which the verbs then refuse.
  assert.equal(summary(parseResourcePath('/api/v1/namespaces/default/deployments')), 'namespaces - default deployments');
});

test('paths that name nothing served', () => {
  for (const path of [
    '/',
    '/api',
    '/api/v1',
    '/api/v2/pods',
    '/api/v1/widgets',
    '/apis/apps/v1/namespaces/default/pods',
    '/api/v1/pods/web',
    '/api/v1/namespaces/default/pods/web/status/extra',
    '/api/v1/namespaces//pods',
    '/api/v1/namespaces/%E0%A4%A/pods',
  ]) {
    assert.equal(parseResourcePath(path), undefined, path);
  }
});
