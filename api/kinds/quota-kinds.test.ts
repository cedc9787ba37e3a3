import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceQuotaTable, limitRangeTable } from '../tables/quota.js';
import type { KubeObject } from '../types/meta.js';
import { createErrors, defaulted, limitRangeFixture, resourceQuotaFixture } from './fixtures.js';

const NOW = new Date('2026-03-04T05:10:07Z');

describe('ResourceQuota kind', () => {
  it('accepts standard and count/ names and refuses others, negatives and scopes', () => {
    assert.deepEqual(createErrors(resourceQuotaFixture()), []);
    const bad = resourceQuotaFixture();
    bad.spec = { hard: { pods: '-1', gpus: '1' }, scopes: ['BestEffort'] };
    assert.deepEqual(createErrors(bad), [
      'spec.hard[pods]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.hard[gpus]: Invalid value: "gpus": must be a standard resource type or fully qualified',
      'spec.scopes: Invalid value: ["BestEffort"]: quota scopes are not supported by this apiserver',
    ]);
  });

  it('prints used/hard per resource in name order, limits.* in LIMIT, as kubectl 1.32', () => {
    const quota: KubeObject = {
      ...resourceQuotaFixture(),
      metadata: { name: 'compute', creationTimestamp: '2026-03-04T05:06:07Z' },
      status: { hard: { pods: '3', 'requests.cpu': '1', 'limits.memory': '1Gi', 'limits.cpu': '2' }, used: { pods: '1', 'limits.cpu': '500m' } },
    };
    assert.deepEqual(resourceQuotaTable.row(quota, NOW), ['compute', '4m', 'pods: 1/3, requests.cpu: 0/1', 'limits.cpu: 500m/2, limits.memory: 0/1Gi']);
    assert.deepEqual(resourceQuotaTable.columns.map((c) => c.name), ['Name', 'Age', 'Request', 'Limit']);
  });
});

describe('LimitRange kind', () => {
  it('defaults a Container item as upstream: max is the default limit, which with min is the default request', () => {
    const lr = defaulted({ ...limitRangeFixture(), spec: { limits: [{ type: 'Container', max: { cpu: '1' }, min: { memory: '8Mi' } }] } });
    assert.deepEqual((lr.spec as { limits: unknown[] }).limits[0], {
      type: 'Container',
      max: { cpu: '1' },
      min: { memory: '8Mi' },
      default: { cpu: '1' },
      defaultRequest: { cpu: '1', memory: '8Mi' },
    });
  });

  it('refuses unknown types, Pod defaults and bounds out of order', () => {
    assert.deepEqual(createErrors(limitRangeFixture()), []);
    const bad = limitRangeFixture();
    bad.spec = {
      limits: [
        { type: 'Node' },
        { type: 'Pod', default: { cpu: '1' } },
        { type: 'Container', min: { cpu: '2' }, max: { cpu: '1' }, maxLimitRequestRatio: { cpu: '0.5' } },
      ],
    };
    const errs = createErrors(bad);
    assert.ok(errs.some((e) => e.startsWith('spec.limits[0].type: Unsupported value: "Node"')), errs.join('\n'));
    assert.ok(errs.includes("spec.limits[1].default: Invalid value: {\"cpu\":\"1\"}: may not be specified when `type` is 'Pod'"), errs.join('\n'));
    assert.ok(errs.includes('spec.limits[2].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1'), errs.join('\n'));
    assert.ok(errs.includes('spec.limits[2].maxLimitRequestRatio[cpu]: Invalid value: "0.5": ratio 0.5 is less than 1'), errs.join('\n'));
  });

  it('prints NAME CREATED AT', () => {
    const lr: KubeObject = { ...limitRangeFixture(), metadata: { name: 'limits', creationTimestamp: '2026-03-04T05:06:07Z' } };
    assert.deepEqual(limitRangeTable.row(lr, NOW), ['limits', '2026-03-04T05:06:07Z']);
  });
});
