import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resources } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { stampUpdate } from './managed-fields.js';

const NOW = Date.UTC(2025, 0, 1);
const CONFIGMAPS = resources.configMaps;

function configMap(data: Record<string, string>, managedFields?: unknown): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', ...(managedFields ? { managedFields } : {}) }, data };
}

function stamped(before: KubeObject | undefined, next: KubeObject, manager?: string): KubeObject {
  const copy = structuredClone(next);
  stampUpdate(CONFIGMAPS, before, copy, next.metadata.managedFields, { manager }, NOW);
  return copy;
}

const managersOf = (obj: KubeObject): string[] => ((obj.metadata.managedFields ?? []) as { manager: string }[]).map((m) => m.manager);

describe('stampUpdate', () => {
  const created = stamped(undefined, configMap({ a: '1' }), 'kubectl-create');

  it('records the writer of a create with the time of the write', () => {
    assert.deepEqual(created.metadata.managedFields, [
      { manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1', time: '2025-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } } },
    ]);
  });

  it('keeps the stored owners when the client sends none, and takes the ones it sends', () => {
    const omitted = stamped(created, configMap({ a: '1', b: '2' }), 'edit');
    // Same second: sorted by manager, as Kubernetes sorts entries.
    assert.deepEqual(managersOf(omitted), ['edit', 'kubectl-create']);
    const theirs = [{ manager: 'someone', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } }];
    assert.deepEqual(managersOf(stamped(created, configMap({ a: '1' }, theirs), 'edit')), ['someone']);
  });

  it('clears the owners when the client sends [{}], and keeps them on writes without a manager', () => {
    assert.deepEqual(managersOf(stamped(created, configMap({ a: '1' }, [{}]), 'edit')), []);
    assert.deepEqual(managersOf(stamped(created, configMap({ a: '2' }))), ['kubectl-create']);
  });
});
