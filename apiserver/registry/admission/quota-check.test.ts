import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { amountsOf, formatAmounts } from '../../../api/quota/resource-amounts.js';
import { missingComputeError, objectUsage } from '../../../api/quota/usage.js';
import type { KubeObject } from '../../../api/types/index.js';
import { chargeQuota, QuotaExceeded } from './quota-check.js';

const PODS = { group: '', plural: 'pods' };

function pod(resources: Record<string, unknown>, phase?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns' },
    spec: { containers: [{ name: 'app', image: 'busybox', resources }, { name: 'side', image: 'busybox', resources }] },
    ...(phase ? { status: { phase } } : {}),
  };
}

describe('quota arithmetic', () => {
  it('a pod uses its containers summed, under the names quotas use', () => {
    const usage = formatAmounts(objectUsage(PODS, pod({ requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1' } })));
    assert.deepEqual(usage, {
      'count/pods': '1',
      cpu: '500m',
      'limits.cpu': '2',
      memory: '128Mi',
      pods: '1',
      'requests.cpu': '500m',
      'requests.memory': '128Mi',
    });
  });

  it('a finished pod uses nothing; other kinds count under count/<plural>.<group>', () => {
    assert.equal(objectUsage(PODS, pod({}, 'Succeeded')).size, 0);
    const deployment: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } };
    assert.deepEqual(formatAmounts(objectUsage({ group: 'apps', plural: 'deployments' }, deployment)), { 'count/deployments.apps': '1' });
  });

  it('charges what the quota limits and refuses past a limit with upstream message', () => {
    const hard = amountsOf({ pods: '3', 'requests.cpu': '1' });
    const usage = objectUsage(PODS, pod({ requests: { cpu: '200m' } }));
    const ok = chargeQuota('q', hard, amountsOf({ pods: '2', 'requests.cpu': '500m' }), usage);
    assert.deepEqual(formatAmounts(ok.used), { pods: '3', 'requests.cpu': '900m' });
    assert.throws(
      () => chargeQuota('q', hard, amountsOf({ pods: '3', 'requests.cpu': '500m' }), usage),
      (err: unknown) => err instanceof QuotaExceeded && err.message === 'exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3',
    );
    assert.throws(
      () => chargeQuota('q', hard, amountsOf({ pods: '0', 'requests.cpu': '700m' }), usage),
      /requested: requests\.cpu=400m, used: requests\.cpu=700m, limited: requests\.cpu=1$/,
    );
  });

  it('a quota on requests.cpu requires pods to set it', () => {
    assert.equal(missingComputeError(pod({}), amountsOf({ 'requests.cpu': '1' })), 'must specify requests.cpu for: app,side');
    assert.equal(missingComputeError(pod({ requests: { cpu: '1' } }), amountsOf({ 'requests.cpu': '1' })), undefined);
    assert.equal(missingComputeError(pod({}), amountsOf({ pods: '1' })), undefined);
  });
});
