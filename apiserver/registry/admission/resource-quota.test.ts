import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isApiError } from '../../../api/errors.js';
import { resources } from '../../../api/resources.js';
import type { ResourceQuota } from '../../../api/types/index.js';
import { harness } from '../registry-fixtures.js';

const NS = 'default';

function podJson(name: string, resources?: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'app', image: 'busybox', ...(resources ? { resources } : {}) }] } });
}

function quotaJson(hard: Record<string, string>): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard } });
}

describe('ResourceQuota admission', () => {
  it('of six concurrent pod creates under pods: 3, exactly three succeed and usage says 3', async () => {
    const { registry } = await harness();
    await registry.create(resources.pods, NS, podJson('before'));
    await registry.create(resources.resourceQuotas, NS, quotaJson({ pods: '4' }));
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((i) => registry.create(resources.pods, NS, podJson(`p${i}`))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3);
    for (const r of results) {
      if (r.status === 'rejected') {
        assert.ok(isApiError(r.reason, 'Forbidden'), String(r.reason));
        assert.match((r.reason as Error).message, /^pods "p\d" is forbidden: exceeded quota: q, requested: pods=1, used: pods=4, limited: pods=4$/);
      }
    }
    const quota = (await registry.get(resources.resourceQuotas, NS, 'q')) as ResourceQuota;
    assert.deepEqual(quota.status, { hard: { pods: '4' }, used: { pods: '4' } });
  });

  it('refuses a pod without cpu requests under a requests.cpu quota, and charges one with them', async () => {
    const { registry } = await harness();
    await registry.create(resources.resourceQuotas, NS, quotaJson({ 'requests.cpu': '1' }));
    await assert.rejects(registry.create(resources.pods, NS, podJson('bare')), /pods "bare" is forbidden: failed quota: q: must specify requests.cpu for: app/);
    await registry.create(resources.pods, NS, podJson('small', { requests: { cpu: '600m' } }));
    await assert.rejects(registry.create(resources.pods, NS, podJson('big', { requests: { cpu: '600m' } })), /requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1$/);
  });

  it('a LimitRange defaults requests that the quota then charges, and refuses past its max', async () => {
    const { registry } = await harness();
    const limits = [{ type: 'Container', default: { cpu: '300m' }, defaultRequest: { cpu: '200m' }, max: { cpu: '500m' } }];
    await registry.create(resources.limitRanges, NS, JSON.stringify({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr' }, spec: { limits } }));
    await registry.create(resources.resourceQuotas, NS, quotaJson({ 'requests.cpu': '1' }));
    const created = await registry.create(resources.pods, NS, podJson('defaulted'));
    assert.deepEqual((created.spec as { containers: { resources: unknown }[] }).containers[0].resources, { limits: { cpu: '300m' }, requests: { cpu: '200m' } });
    await assert.rejects(
      registry.create(resources.pods, NS, podJson('x', { limits: { cpu: '1' } })),
      (err: unknown) => err instanceof Error && err.message === 'pods "x" is forbidden: maximum cpu usage per Container is 500m, but limit is 1',
    );
    const quota = (await registry.get(resources.resourceQuotas, NS, 'q')) as ResourceQuota;
    assert.equal(quota.status?.used?.['requests.cpu'], '200m');
  });
});
