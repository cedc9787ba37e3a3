import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types/meta.js';
import { createErrors, defaulted, namespaceFixture, statusErrors, updateErrors } from './fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('Namespace', () => {
  it('defaults the kubernetes finalizer and the Active phase', () => {
    const out = defaulted(namespaceFixture()) as Json;
    assert.deepEqual(out.spec, { finalizers: ['kubernetes'] });
    assert.deepEqual(out.status, { phase: 'Active' });
  });

  it('does not bring back a finalizer that was removed', () => {
    const ns = namespaceFixture() as Json;
    ns.spec = { finalizers: [] };
    ns.status = { phase: 'Terminating' };
    const out = defaulted(ns as KubeObject) as Json;
    assert.deepEqual(out.spec.finalizers, []);
    assert.equal(out.status.phase, 'Terminating');
  });

  it('needs a DNS label name and no namespace', () => {
    const dotted = namespaceFixture();
    dotted.metadata.name = 'team.a';
    assert.deepEqual(createErrors(dotted), ['metadata.name: Invalid value: "team.a": must not contain dots']);
    const namespaced = namespaceFixture();
    namespaced.metadata.namespace = 'default';
    assert.deepEqual(createErrors(namespaced), ['metadata.namespace: Forbidden: not allowed on this type']);
  });

  it('checks spec finalizers and phase', () => {
    const ns = namespaceFixture() as Json;
    ns.spec = { finalizers: ['kubernetes', 'cleanup', 'example.com/x'] };
    ns.status = { phase: 'Gone' };
    assert.deepEqual(createErrors(ns as KubeObject), [
      'spec.finalizers[1]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
      'status.phase: Unsupported value: "Gone": supported values: "Active", "Terminating"',
    ]);
  });

  it('keeps its name on update', () => {
    const old = defaulted(namespaceFixture());
    const next = structuredClone(old);
    next.metadata.name = 'team-b';
    assert.deepEqual(updateErrors(next, old), ['metadata.name: Invalid value: "team-b": field is immutable']);
  });

  it('ties the phase to deletionTimestamp on status updates', () => {
    const old = defaulted(namespaceFixture());
    const terminating = structuredClone(old) as Json;
    terminating.status.phase = 'Terminating';
    assert.deepEqual(statusErrors(terminating as KubeObject, old), [
      "status.phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty",
    ]);
    const deleting = structuredClone(old) as Json;
    deleting.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    const deletingOld = structuredClone(deleting);
    assert.deepEqual(statusErrors(deleting as KubeObject, deletingOld as KubeObject), [
      "status.phase: Invalid value: \"Active\": may only be 'Terminating' if `deletionTimestamp` is not empty",
    ]);
    deleting.status.phase = 'Terminating';
    assert.deepEqual(statusErrors(deleting as KubeObject, deletingOld as KubeObject), []);
  });
});
