import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createErrors, defaulted, horizontalPodAutoscalerFixture } from './fixtures.js';
import type { HorizontalPodAutoscaler } from '../types/autoscaling.js';

function hpa(spec: Record<string, unknown>): HorizontalPodAutoscaler {
  const base = horizontalPodAutoscalerFixture() as HorizontalPodAutoscaler;
  return { ...base, spec: { ...base.spec, ...spec } as HorizontalPodAutoscaler['spec'] };
}

test('the seeds my-hpa is valid; minReplicas and a cpu 80% metric are defaulted', () => {
  assert.deepEqual(createErrors(horizontalPodAutoscalerFixture()), []);
  const bare = defaulted(hpa({ minReplicas: undefined, metrics: undefined }));
  assert.equal(bare.spec?.minReplicas, 1);
  assert.deepEqual(bare.spec?.metrics, [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  assert.equal(bare.spec?.behavior, undefined);
});

test('a given behavior gets the default rules (scale-down stabilization 300 s)', () => {
  const d = defaulted(hpa({ behavior: { scaleDown: { stabilizationWindowSeconds: 5 } } }));
  assert.deepEqual(d.spec?.behavior?.scaleDown, { stabilizationWindowSeconds: 5, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
  assert.equal(d.spec?.behavior?.scaleUp?.stabilizationWindowSeconds, 0);
  assert.equal(d.spec?.behavior?.scaleUp?.policies?.length, 2);
});

test('bad input names the field with upstream messages', () => {
  assert.deepEqual(createErrors(hpa({ minReplicas: 5, maxReplicas: 2 })), ['spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`']);
  assert.deepEqual(createErrors(hpa({ minReplicas: 0 })), ['spec.minReplicas: Invalid value: 0: must be greater than or equal to 1']);
  assert.deepEqual(createErrors(hpa({ metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: -5 } } }] })), [
    'spec.metrics[0].resource.target.averageUtilization: Invalid value: -5: must be greater than 0',
  ]);
  assert.deepEqual(createErrors(hpa({ metrics: [{ type: 'Bogus' }] })), [
    'spec.metrics[0].type: Unsupported value: "Bogus": supported values: "Object", "Pods", "Resource", "ContainerResource", "External"',
  ]);
  assert.deepEqual(createErrors(hpa({ scaleTargetRef: { kind: 'Deployment' } })), ['spec.scaleTargetRef.name: Required value']);
});
