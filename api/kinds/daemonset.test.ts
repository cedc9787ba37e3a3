import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types/meta.js';
import { createErrors, daemonSetFixture, defaulted, statusErrors, updateErrors } from './fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function ds(edit: (spec: Json) => void): KubeObject {
  const d = daemonSetFixture() as Json;
  edit(d.spec);
  return d as KubeObject;
}

describe('DaemonSet', () => {
  it('defaults RollingUpdate with maxUnavailable 1, maxSurge 0 and history 10', () => {
    const out = defaulted(daemonSetFixture()) as Json;
    assert.deepEqual(out.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    assert.equal(out.spec.revisionHistoryLimit, 10);
    assert.equal(out.spec.replicas, undefined);
    assert.deepEqual((defaulted(ds((s) => (s.updateStrategy = { type: 'OnDelete' }))) as Json).spec.updateStrategy, { type: 'OnDelete' });
  });

  it('checks the update strategy', () => {
    assert.deepEqual(createErrors(ds((s) => (s.updateStrategy = { type: 'Whenever' }))), [
      'spec.updateStrategy.type: Unsupported value: "Whenever": supported values: "RollingUpdate", "OnDelete"',
    ]);
    assert.deepEqual(createErrors(ds((s) => (s.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } }))), [
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    ]);
    assert.deepEqual(createErrors(ds((s) => (s.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '10%' } }))), [
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: "10%": may not be set when maxUnavailable is non-zero',
    ]);
    assert.deepEqual(createErrors(ds((s) => (s.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '200%' } }))), [
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "200%": must not be greater than 100%',
    ]);
    assert.deepEqual(createErrors(ds((s) => (s.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } }))), []);
  });

  it('uses "daemonset" in the empty selector message and requires restartPolicy Always', () => {
    assert.deepEqual(createErrors(ds((s) => (s.selector = {}))), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset',
    ]);
    assert.deepEqual(createErrors(ds((s) => (s.template.spec.restartPolicy = 'OnFailure'))), [
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    ]);
    assert.deepEqual(createErrors(ds((s) => delete s.selector)), ['spec.selector: Required value']);
  });

  it('keeps its selector on update', () => {
    const old = defaulted(daemonSetFixture());
    const next = structuredClone(old) as Json;
    next.spec.selector = { matchExpressions: [{ key: 'app', operator: 'Exists' }] };
    assert.deepEqual(updateErrors(next as KubeObject, old), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Exists", Values:[]string(nil)}}}: field is immutable',
    ]);
  });

  it('checks status counts', () => {
    const old = defaulted(daemonSetFixture());
    const next = structuredClone(old) as Json;
    next.status = { currentNumberScheduled: -1, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 2 };
    assert.deepEqual(statusErrors(next as KubeObject, old), [
      'status.currentNumberScheduled: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });
});
