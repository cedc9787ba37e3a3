import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types/meta.js';
import { createErrors, defaulted, statefulSetFixture, statusErrors, updateErrors } from './fixtures.js';
import { STATEFULSET_UPDATE_FORBIDDEN } from './statefulset.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function sts(edit: (spec: Json, obj: Json) => void): KubeObject {
  const s = statefulSetFixture() as Json;
  edit(s.spec, s);
  return s as KubeObject;
}

describe('StatefulSet defaults', () => {
  it('fill replicas, OrderedReady, RollingUpdate partition 0, history and retention', () => {
    const s = statefulSetFixture() as Json;
    delete s.spec.replicas;
    const out = defaulted(s as KubeObject) as Json;
    assert.equal(out.spec.replicas, 1);
    assert.equal(out.spec.podManagementPolicy, 'OrderedReady');
    assert.deepEqual(out.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    assert.equal(out.spec.revisionHistoryLimit, 10);
    assert.deepEqual(out.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  });
});

describe('StatefulSet validation', () => {
  it('checks podManagementPolicy, update strategy and retention policy', () => {
    assert.deepEqual(createErrors(sts((s) => (s.podManagementPolicy = 'Random'))), [
      "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
    ]);
    assert.deepEqual(createErrors(sts((s) => (s.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: -1 } }))), [
      'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0',
    ]);
    assert.deepEqual(createErrors(sts((s) => (s.updateStrategy = { type: 'OnDelete', rollingUpdate: { partition: 1 } }))), [
      "spec.updateStrategy.rollingUpdate: Invalid value: {\"partition\":1}: only allowed for updateStrategy 'RollingUpdate'",
    ]);
    assert.deepEqual(createErrors(sts((s) => (s.updateStrategy = { type: 'Later' }))), [
      "spec.updateStrategy: Invalid value: \"Later\": must be 'RollingUpdate' or 'OnDelete'",
    ]);
    assert.deepEqual(createErrors(sts((s) => (s.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } }))), [
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0',
    ]);
    assert.deepEqual(createErrors(sts((s) => (s.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Keep' }))), [
      'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Delete", "Retain"',
    ]);
    assert.deepEqual(createErrors(sts((s) => (s.ordinals = { start: -1 }))), ['spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0']);
  });

  it('needs a DNS label name, a matching selector and restartPolicy Always', () => {
    assert.deepEqual(createErrors(sts((_s, o) => (o.metadata.name = 'web.v1'))), ['metadata.name: Invalid value: "web.v1": must not contain dots']);
    assert.deepEqual(createErrors(sts((s) => (s.selector = {}))), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset',
    ]);
    assert.deepEqual(createErrors(sts((s) => (s.template.spec.restartPolicy = 'Never'))), [
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it('lets containers mount volumeClaimTemplates by name', () => {
    const withClaims = sts((s) => {
      s.volumeClaimTemplates = [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }];
      s.template.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }];
    });
    assert.deepEqual(createErrors(withClaims), []);
    const without = sts((s) => (s.template.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }]));
    assert.deepEqual(createErrors(without), [
      'spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data"',
    ]);
    assert.deepEqual(createErrors(sts((s) => (s.volumeClaimTemplates = [{ metadata: {} }]))), ['spec.volumeClaimTemplates[0].metadata.name: Required value']);
  });
});

describe('StatefulSet updates', () => {
  it('allow replicas, template, updateStrategy, minReadySeconds, retention and history', () => {
    const old = defaulted(statefulSetFixture());
    const next = structuredClone(old) as Json;
    next.spec.replicas = 5;
    next.spec.template.spec.containers[0].image = 'nginx:2';
    next.spec.updateStrategy = { type: 'OnDelete' };
    next.spec.minReadySeconds = 10;
    next.spec.revisionHistoryLimit = 3;
    next.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' };
    next.spec.ordinals = { start: 1 };
    assert.deepEqual(updateErrors(next as KubeObject, old), []);
  });

  it('forbid other spec changes with Kubernetes wording', () => {
    const old = defaulted(statefulSetFixture());
    const next = structuredClone(old) as Json;
    next.spec.serviceName = 'other';
    next.spec.podManagementPolicy = 'Parallel';
    assert.deepEqual(updateErrors(next as KubeObject, old), [`spec: Forbidden: ${STATEFULSET_UPDATE_FORBIDDEN}`]);
    assert.ok(STATEFULSET_UPDATE_FORBIDDEN.startsWith("updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template'"));
  });

  it('report a selector change as immutable', () => {
    const old = defaulted(statefulSetFixture());
    const next = structuredClone(old) as Json;
    next.spec.selector = { matchLabels: { app: 'web', v: '2' } };
    next.spec.template.metadata.labels.v = '2';
    const errs = updateErrors(next as KubeObject, old);
    assert.equal(errs.length, 1);
    assert.ok(errs[0].startsWith('spec.selector: Invalid value: v1.LabelSelector{') && errs[0].endsWith('field is immutable'));
  });

  it('check status counts', () => {
    const old = defaulted(statefulSetFixture());
    const next = structuredClone(old) as Json;
    next.status = { replicas: 2, readyReplicas: 3, currentReplicas: 2, updatedReplicas: 2, availableReplicas: 1 };
    assert.deepEqual(statusErrors(next as KubeObject, old), ['status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas']);
  });
});
