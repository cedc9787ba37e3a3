import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Taint } from '../types/index.js';
import { toleratedBy, toleratesAll, toleratesTaint, tolerationsFor } from './tolerations.js';

const GPU: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

test('toleratesTaint: effect and key must match when set; Equal compares values, Exists does not', () => {
  assert.equal(toleratesTaint({ key: 'dedicated', value: 'gpu' }, GPU), true);
  assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'cpu' }, GPU), false);
  assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Exists' }, GPU), true);
  assert.equal(toleratesTaint({ operator: 'Exists' }, GPU), true);
  assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, GPU), false);
  assert.equal(toleratesTaint({ key: 'other', operator: 'Exists' }, GPU), false);
  assert.equal(toleratesTaint({ key: 'k' }, { key: 'k', effect: 'NoSchedule' }), true);
});

test('tolerationsFor, toleratedBy and toleratesAll', () => {
  const tolerations = [{ key: 'dedicated', operator: 'Exists' as const, tolerationSeconds: 30 }, { key: 'x', operator: 'Exists' as const }];
  assert.deepEqual(tolerationsFor(tolerations, GPU), [tolerations[0]]);
  assert.equal(toleratedBy(undefined, GPU), false);
  assert.equal(toleratedBy(tolerations, GPU), true);
  const noExecute: Taint = { key: 'y', effect: 'NoExecute' };
  assert.equal(toleratesAll(tolerations, [GPU, noExecute], ['NoSchedule']), true);
  assert.equal(toleratesAll(tolerations, [GPU, noExecute], ['NoSchedule', 'NoExecute']), false);
  assert.equal(toleratesAll(undefined, undefined, ['NoExecute']), true);
});
