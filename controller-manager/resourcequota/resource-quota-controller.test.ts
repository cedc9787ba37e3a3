// The quota controller recounts usage from the namespace's objects: finished
// pods and deleted objects give usage back, and status.hard follows spec.hard.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod, ResourceQuota } from '../../api/types/index.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { fakeControllerContext, recordRequeues, startInformers } from '../common/controller-fixtures.js';
import { QUOTA_RESYNC_MS, ResourceQuotaController } from './resource-quota-controller.js';

function pod(name: string, cpu: string, phase = 'Running', namespace = 'ns'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: { containers: [{ name: 'app', image: 'busybox', resources: { requests: { cpu } } }] },
    status: { phase },
  } as Pod;
}

test('usage is recounted from the pods that still count, and hard follows spec', async () => {
  const fake = new FakeApiClient();
  const quota: ResourceQuota = {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'q', namespace: 'ns' },
    spec: { hard: { pods: '3', 'requests.cpu': '2', 'count/deployments.apps': '1' } },
    // Stale: charged for pods since deleted.
    status: { hard: { pods: '3' }, used: { pods: '3', 'requests.cpu': '1500m' } },
  };
  fake.seed('resourcequotas', quota);
  fake.seed('pods', pod('a', '250m'));
  fake.seed('pods', pod('done', '1', 'Succeeded'));
  fake.seed('pods', pod('elsewhere', '1', 'Running', 'other'));
  const ctx = fakeControllerContext(fake);
  const controller = new ResourceQuotaController(ctx);
  const requeues = recordRequeues(controller);
  await startInformers(ctx);
  try {
    await controller.sync('ns/q');
  } finally {
    await ctx.factory.stop();
  }
  const stored = fake.objects.get('resourcequotas')?.get('ns/q') as ResourceQuota;
  assert.deepEqual(stored.status, {
    hard: { pods: '3', 'requests.cpu': '2', 'count/deployments.apps': '1' },
    used: { 'count/deployments.apps': '0', pods: '1', 'requests.cpu': '250m' },
  });
  assert.deepEqual(requeues, [QUOTA_RESYNC_MS]);
});
