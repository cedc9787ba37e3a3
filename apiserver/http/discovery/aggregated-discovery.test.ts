import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KINDS } from '../../../api/kinds/registry.js';
import { aggregatedDiscovery, aggregatedDiscoveryContentType } from './aggregated-discovery.js';
import { compareVersionPriority } from './group-versions.js';

test('the Content-Type carries g, v and as exactly', () => {
  assert.equal(aggregatedDiscoveryContentType('v2'), 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
  assert.equal(aggregatedDiscoveryContentType('v2beta1'), 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
});

test('/api is the core group alone, unnamed, with pods as Kubernetes lists them', () => {
  const doc = aggregatedDiscovery(KINDS, 'api', 'v2');
  assert.equal(doc.kind, 'APIGroupDiscoveryList');
  assert.equal(doc.apiVersion, 'apidiscovery.k8s.io/v2');
  assert.equal(doc.items.length, 1);
  const core = doc.items[0]!;
  assert.deepEqual(core.metadata, {});
  assert.equal(core.versions[0]?.version, 'v1');
  assert.equal(core.versions[0]?.freshness, 'Current');
  const pods = core.versions[0]?.resources.find((r) => r.resource === 'pods');
  assert.deepEqual(pods?.responseKind, { group: '', version: 'v1', kind: 'Pod' });
  assert.equal(pods?.scope, 'Namespaced');
  assert.equal(pods?.singularResource, 'pod');
  assert.deepEqual(pods?.shortNames, ['po']);
  assert.deepEqual(pods?.categories, ['all']);
  assert.deepEqual(pods?.verbs, ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
  assert.deepEqual(pods?.subresources?.find((s) => s.subresource === 'status'), {
    subresource: 'status',
    responseKind: { group: '', version: 'v1', kind: 'Pod' },
    verbs: ['get', 'patch', 'update'],
  });
  const nodes = core.versions[0]?.resources.find((r) => r.resource === 'nodes');
  assert.equal(nodes?.scope, 'Cluster');
  const events = core.versions[0]?.resources.find((r) => r.resource === 'events');
  assert.equal(events?.categories, undefined, 'empty lists are omitted');
});

test('/apis names every group, and every kind appears exactly once across /api and /apis', () => {
  const api = aggregatedDiscovery(KINDS, 'api', 'v2beta1');
  const apis = aggregatedDiscovery(KINDS, 'apis', 'v2beta1');
  assert.equal(apis.apiVersion, 'apidiscovery.k8s.io/v2beta1');
  assert.deepEqual(
    apis.items.map((g) => g.metadata.name),
    ['apps', 'autoscaling', 'batch', 'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io'],
  );
  const kinds = [...api.items, ...apis.items].flatMap((g) =>
    g.versions.flatMap((v) => v.resources.map((r) => `${r.responseKind.group}/${r.responseKind.version}/${r.responseKind.kind}`)),
  );
  assert.deepEqual(kinds.sort(), KINDS.map((k) => `${k.group}/${k.version}/${k.kind}`).sort());
  const deployments = apis.items[0]?.versions[0]?.resources.find((r) => r.resource === 'deployments');
  assert.deepEqual(deployments?.subresources?.map((s) => [s.subresource, s.responseKind.kind]), [
    ['scale', 'Scale'],
    ['status', 'Deployment'],
  ]);
});

test('version priority: GA, then beta, then alpha, higher first', () => {
  assert.deepEqual(['v1alpha1', 'v1beta1', 'v2', 'v1', 'v2beta2', 'v2beta1', 'foo'].sort(compareVersionPriority), [
    'v2',
    'v1',
    'v2beta2',
    'v2beta1',
    'v1beta1',
    'v1alpha1',
    'foo',
  ]);
});

test('a kind served in two versions: autoscaling lists v2 (preferred, stored) then v1, each with horizontalpodautoscalers', async () => {
  const { SERVED_DEFINITIONS } = await import('../../../api/kinds/served-versions.js');
  const autoscaling = aggregatedDiscovery(SERVED_DEFINITIONS, 'apis', 'v2').items.find((g) => g.metadata.name === 'autoscaling');
  assert.deepEqual(autoscaling?.versions.map((v) => v.version), ['v2', 'v1']);
  for (const v of autoscaling?.versions ?? []) {
    const hpa = v.resources.find((r) => r.resource === 'horizontalpodautoscalers');
    assert.deepEqual(hpa?.responseKind, { group: 'autoscaling', version: v.version, kind: 'HorizontalPodAutoscaler' });
    assert.deepEqual(hpa?.shortNames, ['hpa']);
  }
});
