import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types/meta.js';
import { createErrors, defaulted, replicaSetFixture, statusErrors, updateErrors } from './fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('ReplicaSet', () => {
  it('defaults replicas to 1 and the template', () => {
    const rs = replicaSetFixture() as Json;
    delete rs.spec.replicas;
    const out = defaulted(rs as KubeObject) as Json;
    assert.equal(out.spec.replicas, 1);
    assert.equal(out.spec.template.spec.restartPolicy, 'Always');
  });

  it('uses Kubernetes wording for selector problems', () => {
    const empty = replicaSetFixture() as Json;
    empty.spec.selector = { matchLabels: {} };
    assert.deepEqual(createErrors(empty as KubeObject), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
    const mismatch = replicaSetFixture() as Json;
    mismatch.spec.template.metadata.labels = { app: 'db', tier: 'x' };
    assert.deepEqual(createErrors(mismatch as KubeObject), [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"db", "tier":"x"}: `selector` does not match template `labels`',
    ]);
  });

  it('checks replicas and restartPolicy', () => {
    const rs = replicaSetFixture() as Json;
    rs.spec.replicas = -1;
    rs.spec.minReadySeconds = -1;
    rs.spec.template.spec.restartPolicy = 'Never';
    assert.deepEqual(createErrors(rs as KubeObject), [
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('keeps its selector on update', () => {
    const old = defaulted(replicaSetFixture());
    const next = structuredClone(old) as Json;
    next.spec.selector.matchLabels.tier = 'front';
    next.spec.template.metadata.labels.tier = 'front';
    const errs = updateErrors(next as KubeObject, old);
    assert.equal(errs.length, 1);
    assert.ok(errs[0].startsWith('spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"front"}'));
    assert.ok(errs[0].endsWith(': field is immutable'));
  });

  it('checks status counts', () => {
    const old = defaulted(replicaSetFixture());
    const next = structuredClone(old) as Json;
    next.status = { replicas: 1, fullyLabeledReplicas: 2, readyReplicas: 1, availableReplicas: 2, observedGeneration: -1 };
    assert.deepEqual(statusErrors(next as KubeObject, old), [
      'status.observedGeneration: Invalid value: -1: must be greater than or equal to 0',
      'status.fullyLabeledReplicas: Invalid value: 2: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas',
    ]);
  });
});
