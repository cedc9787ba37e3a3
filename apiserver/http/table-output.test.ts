import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resources } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { includeObjectOf, toTable } from './table-output.js';

const NOW = new Date('2025-01-01T00:10:00Z');
const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', resourceVersion: '7', creationTimestamp: '2025-01-01T00:00:00Z' },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  status: { readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1 },
};

test("a Table from the kind's columns, rows carrying the metadata by default", () => {
  const table = toTable(resources.deployments, [deployment], '9', { version: 'v1', includeObject: 'Metadata', noHeaders: false }, NOW);
  assert.equal(table.apiVersion, 'meta.k8s.io/v1');
  assert.equal(table.metadata.resourceVersion, '9');
  assert.deepEqual(table.columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority]).slice(0, 5), [
    ['Name', 'string', 'name', 0],
    ['Ready', 'string', '', 0],
    ['Up-to-date', 'string', '', 0],
    ['Available', 'string', '', 0],
    ['Age', 'string', '', 0],
  ]);
  assert.deepEqual(table.rows[0].cells.slice(0, 5), ['web', '1/2', '2', '1', '10m']);
  assert.deepEqual(table.rows[0].object, { apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: deployment.metadata });
});

test('includeObject and noHeaders', () => {
  const whole = toTable(resources.deployments, [deployment], '9', { version: 'v1beta1', includeObject: 'Object', noHeaders: true }, NOW);
  assert.deepEqual(whole.columnDefinitions, []);
  assert.equal(whole.rows[0].object, deployment);
  const bare = toTable(resources.deployments, [deployment], '9', { version: 'v1', includeObject: 'None', noHeaders: false }, NOW);
  assert.equal('object' in bare.rows[0], false);
  assert.equal(includeObjectOf(new URLSearchParams('')), 'Metadata');
  assert.throws(() => includeObjectOf(new URLSearchParams('includeObject=All')), /Unsupported value/);
});
