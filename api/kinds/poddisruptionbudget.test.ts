import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types/meta.js';
import { createErrors, defaulted, podDisruptionBudgetFixture, updateErrors } from './fixtures.js';
import { podDisruptionBudgetKind } from './poddisruptionbudget.js';
import type { PodDisruptionBudget } from '../types/policy.js';

function pdb(spec: Record<string, unknown>): KubeObject {
  return { ...podDisruptionBudgetFixture(), spec: { selector: { matchLabels: { app: 'web' } }, ...spec } };
}

describe('PodDisruptionBudget', () => {
  it('has no defaults in policy/v1', () => {
    assert.deepEqual(defaulted(podDisruptionBudgetFixture()), podDisruptionBudgetFixture());
  });

  it('takes a count or a percentage for either bound, never both', () => {
    assert.deepEqual(createErrors(pdb({ minAvailable: 2 })), []);
    assert.deepEqual(createErrors(pdb({ minAvailable: '50%' })), []);
    assert.deepEqual(createErrors(pdb({ maxUnavailable: '25%' })), []);
    assert.deepEqual(createErrors(pdb({ maxUnavailable: 0 })), []);
    const both = createErrors(pdb({ minAvailable: 1, maxUnavailable: 1 }));
    assert.equal(both.length, 1);
    assert.match(both[0]!, /^spec: Invalid value: .*: minAvailable and maxUnavailable cannot be both set$/);
  });

  it('refuses negative counts, bad and over-100 percentages, and unknown eviction policies', () => {
    assert.deepEqual(createErrors(pdb({ minAvailable: -1 })), ['spec.minAvailable: Invalid value: -1: must be greater than or equal to 0']);
    assert.deepEqual(createErrors(pdb({ maxUnavailable: '150%' })), ['spec.maxUnavailable: Invalid value: "150%": must not be greater than 100%']);
    assert.equal(createErrors(pdb({ minAvailable: 'half' })).length, 1);
    assert.match(createErrors(pdb({ minAvailable: 'half' }))[0]!, /^spec\.minAvailable: Invalid value: "half": /);
    assert.deepEqual(createErrors(pdb({ minAvailable: 1, unhealthyPodEvictionPolicy: 'Sometimes' })), [
      'spec.unhealthyPodEvictionPolicy: Unsupported value: "Sometimes": supported values: "AlwaysAllow", "IfHealthyBudget"',
    ]);
  });

  it('lets the spec change after creation (policy/v1 budgets are mutable)', () => {
    const old = defaulted(pdb({ minAvailable: 2 }));
    assert.deepEqual(updateErrors(pdb({ minAvailable: '80%' }), old), []);
  });

  it('prints NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE, N/A for the unset bound', () => {
    const { table } = podDisruptionBudgetKind;
    assert.deepEqual(table.columns.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase()), ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE']);
    const obj = { ...pdb({ minAvailable: 2 }), status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 } } as PodDisruptionBudget;
    assert.deepEqual(table.row(obj, new Date()).slice(0, 4), ['web-pdb', '2', 'N/A', '1']);
  });
});
