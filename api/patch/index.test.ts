import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as patch from './index.js';

test('the package exports what the apiserver and flotctl call', () => {
  for (const name of ['applyMergePatch', 'createMergePatch', 'applyJsonPatch', 'applyStrategicMergePatch', 'createThreeWayMergePatch', 'patchSchemaFor', 'fieldAt', 'fieldOf', 'listStrategyOf']) {
    assert.equal(typeof (patch as Record<string, unknown>)[name], 'function', name);
  }
  assert.equal(patch.LAST_APPLIED_ANNOTATION, 'kubectl.kubernetes.io/last-applied-configuration');
  assert.equal(patch.SET_ELEMENT_ORDER_PREFIX, '$setElementOrder/');
});

test('a three-way patch through the index round-trips a deployment edit', () => {
  const schema = patch.patchSchemaFor('Deployment');
  assert.ok(schema);
  const base = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 1 } };
  const next = { ...base, spec: { replicas: 2 } };
  const diff = patch.createThreeWayMergePatch(base, next, { ...base, status: { replicas: 1 } }, schema);
  assert.deepEqual(diff, { spec: { replicas: 2 } });
  assert.deepEqual(patch.applyStrategicMergePatch({ ...base, status: { replicas: 1 } }, diff, schema), { ...next, status: { replicas: 1 } });
});
