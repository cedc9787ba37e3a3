import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ControllerRevision } from '../types/apps.js';
import { createErrors, updateErrors } from './fixtures.js';

function revision(): ControllerRevision {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name: 'web-6d4b8c', namespace: 'default' },
    data: { spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } },
    revision: 1,
  };
}

describe('ControllerRevision', () => {
  it('needs a non-negative revision', () => {
    assert.deepEqual(createErrors(revision()), []);
    assert.deepEqual(createErrors({ ...revision(), revision: -1 }), ['revision: Invalid value: -1: must be greater than or equal to 0']);
    const { revision: _r, ...without } = revision();
    assert.deepEqual(createErrors(without as ControllerRevision), ['revision: Required value']);
  });

  it('keeps data immutable but lets the revision move', () => {
    assert.deepEqual(updateErrors({ ...revision(), revision: 3 }, revision()), []);
    assert.deepEqual(updateErrors({ ...revision(), data: { other: true } }, revision()), ['data: Forbidden: field is immutable']);
  });
});
