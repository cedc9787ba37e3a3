import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HorizontalPodAutoscaler } from '../../api/types/index.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';
import { stored, syncOnce } from '../common/controller-fixtures.js';
import { HpaController } from './hpa-controller.js';

const OPTIONS = { syncPeriodMs: 15_000, downscaleStabilizationMs: 300_000 };

test('a condition the HPA sets is dated by the controller clock', async () => {
  const at = Date.parse('2024-02-29T10:20:30Z');
  const fake = new FakeApiClient();
  fake.seed<HorizontalPodAutoscaler>('horizontalpodautoscalers', {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'ns', uid: 'hpa-uid' },
    spec: { scaleTargetRef: { apiVersion: 'example.com/v1', kind: 'Widget', name: 'web' }, minReplicas: 1, maxReplicas: 3 },
  });
  await syncOnce(fake, new ManualClock(at), (ctx) => new HpaController(ctx, OPTIONS), 'ns/web');
  const conditions = stored<HorizontalPodAutoscaler>(fake, 'horizontalpodautoscalers', 'ns/web').status?.conditions;
  assert.deepEqual(conditions?.map((c) => [c.type, c.status, c.reason, c.lastTransitionTime]), [['AbleToScale', 'False', 'FailedGetScale', new Date(at).toISOString()]]);
});
