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

test('a kind served in a second version: both URLs reach the stored kind, each with its own view', () => {
  const v2 = parseResourcePath('/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/web');
  const v1 = parseResourcePath('/apis/autoscaling/v1/namespaces/shop/horizontalpodautoscalers/web');
  assert.equal(summary(v1), 'horizontalpodautoscalers shop web -');
  assert.equal(v1?.info, v2?.info);
  assert.equal(v1?.info.version, 'v2');
  assert.deepEqual([v1?.view.definition.version, v1?.view.converted], ['v1', true]);
  assert.deepEqual([v2?.view.definition.version, v2?.view.converted], ['v2', false]);
  assert.equal(parseResourcePath('/apis/autoscaling/v3/namespaces/shop/horizontalpodautoscalers'), undefined);
});
