import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../api/types/meta.js';
import { LAST_APPLIED_ANNOTATION, lastAppliedJson, readLastApplied, withLastApplied } from './last-applied.js';

const manifest: KubeObject = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'a', namespace: 'default', labels: { z: '1', a: '2' } },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
};

test('compact JSON with sorted keys, empty annotations and a trailing newline, as kubectl writes it', () => {
  assert.equal(
    lastAppliedJson(manifest),
    '{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"labels":{"a":"2","z":"1"},"name":"a","namespace":"default"},"spec":{"containers":[{"image":"busybox","name":"c"}]}}\n',
  );
});

test('withLastApplied adds the annotation without touching the input, and drops a stale one', () => {
  const before = structuredClone(manifest);
  const applied = withLastApplied(manifest);
  assert.deepEqual(manifest, before);
  assert.equal(applied.metadata.annotations?.[LAST_APPLIED_ANNOTATION], lastAppliedJson(manifest));
  const again = withLastApplied(applied);
  assert.equal(again.metadata.annotations?.[LAST_APPLIED_ANNOTATION], lastAppliedJson(manifest));
  assert.deepEqual(readLastApplied(again), { ...JSON.parse(lastAppliedJson(manifest)) });
});

test('readLastApplied tolerates missing and broken values', () => {
  assert.equal(readLastApplied(manifest), undefined);
  assert.equal(readLastApplied({ ...manifest, metadata: { name: 'a', annotations: { [LAST_APPLIED_ANNOTATION]: '{nope' } } }), undefined);
});
