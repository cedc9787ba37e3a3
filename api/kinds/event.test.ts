import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types/meta.js';
import { createErrors, defaulted, eventFixture, updateErrors } from './fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function event(edit: (e: Json) => void): KubeObject {
  const e = eventFixture() as Json;
  edit(e);
  return e as KubeObject;
}

describe('Event', () => {
  it('defaults type Normal and count 1, keeping given values', () => {
    const out = defaulted(eventFixture()) as Json;
    assert.equal(out.type, 'Normal');
    assert.equal(out.count, 1);
    const warning = defaulted(event((e) => ((e.type = 'Warning'), (e.count = 7)))) as Json;
    assert.equal(warning.type, 'Warning');
    assert.equal(warning.count, 7);
  });

  it('needs an involved object in the same namespace', () => {
    assert.deepEqual(createErrors(event((e) => delete e.involvedObject)), ['involvedObject: Required value']);
    assert.deepEqual(createErrors(event((e) => (e.involvedObject.namespace = 'other'))), [
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ]);
  });

  it('puts events of cluster-scoped objects in "default"', () => {
    const nodeEvent = (ns: string) =>
      event((e) => {
        e.metadata.namespace = ns;
        e.involvedObject = { kind: 'Node', name: 'node-1', uid: 'n1' };
      });
    assert.deepEqual(createErrors(nodeEvent('default')), []);
    assert.deepEqual(createErrors(nodeEvent('kube-system')), ['involvedObject.namespace: Invalid value: "": does not match event.namespace']);
  });

  it('checks type and reason', () => {
    assert.deepEqual(createErrors(event((e) => (e.type = 'Info'))), ['type: Unsupported value: "Info": supported values: "Normal", "Warning"']);
    assert.deepEqual(createErrors(event((e) => (e.reason = 'x'.repeat(129)))), ['reason: Invalid value: "": can have at most 128 characters']);
    assert.deepEqual(createErrors(event((e) => ((e.eventTime = '2026-01-01T00:00:00.000000Z'), delete e.reason))), ['reason: Required value']);
    assert.deepEqual(createErrors(event((e) => (e.count = -1))), ['count: Invalid value: -1: must be greater than or equal to 0']);
  });

  it('accepts count and message changes on update', () => {
    const old = defaulted(eventFixture());
    const next = structuredClone(old) as Json;
    next.count = 2;
    next.lastTimestamp = '2026-01-01T00:01:00Z';
    assert.deepEqual(updateErrors(next as KubeObject, old), []);
  });
});
