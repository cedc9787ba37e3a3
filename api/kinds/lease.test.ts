import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types/meta.js';
import { createErrors, defaulted, leaseFixture, updateErrors } from './fixtures.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('Lease', () => {
  it('has no defaults', () => {
    assert.deepEqual(defaulted(leaseFixture()), leaseFixture());
  });

  it('checks spec numbers', () => {
    const lease = leaseFixture() as Json;
    lease.spec.leaseDurationSeconds = 0;
    lease.spec.leaseTransitions = -1;
    assert.deepEqual(createErrors(lease as KubeObject), [
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
      'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
    ]);
    lease.spec = { leaseDurationSeconds: '15' };
    assert.deepEqual(createErrors(lease as KubeObject), ['spec.leaseDurationSeconds: Invalid value: "15": must be an integer']);
  });

  it('accepts renewals', () => {
    const old = defaulted(leaseFixture());
    const next = structuredClone(old) as Json;
    next.spec.renewTime = '2026-01-01T00:00:10.000000Z';
    next.spec.holderIdentity = 'node-2';
    assert.deepEqual(updateErrors(next as KubeObject, old), []);
  });
});
