import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../api/types/index.js';
import { deepFreeze } from '../api/deep-freeze.js';
import { stripManagedFields } from './strip-managed-fields.js';

const MANAGED = [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }];

function pod(managedFields?: unknown[]): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', resourceVersion: '7', labels: { app: 'a' }, ...(managedFields ? { managedFields } : {}) },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  } as Pod;
}

describe('stripManagedFields', () => {
  it('drops managedFields and keeps the rest of the object', () => {
    const stripped = stripManagedFields(pod(MANAGED));
    assert.equal('managedFields' in stripped.metadata, false);
    assert.deepEqual(stripped, pod());
  });

  it('leaves its argument as it was, so a frozen or shared object can be given', () => {
    const original = deepFreeze(pod(MANAGED));
    const stripped = stripManagedFields(original);
    assert.notEqual(stripped, original);
    assert.deepEqual(original.metadata.managedFields, MANAGED);
  });

  it('answers an object without managedFields as it is', () => {
    const bare = pod();
    assert.equal(stripManagedFields(bare), bare);
  });
});
