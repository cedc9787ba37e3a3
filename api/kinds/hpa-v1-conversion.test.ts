import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../types/meta.js';
import { BEHAVIOR_ANNOTATION, CONDITIONS_ANNOTATION, hpaFromV1, hpaToV1, METRIC_SPECS_ANNOTATION, METRIC_STATUSES_ANNOTATION } from './hpa-v1-conversion.js';

const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const cpu = (averageUtilization: number): unknown => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } });
const memory = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } };
const behavior = {
  scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }] },
  scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Min', policies: [{ type: 'Percent', value: 50, periodSeconds: 30 }] },
};

function v2(spec: Record<string, unknown>, status?: Record<string, unknown>, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'shop', ...(annotations ? { annotations } : {}) },
    spec: { scaleTargetRef: ref, minReplicas: 2, maxReplicas: 5, ...spec },
    ...(status ? { status } : {}),
  } as KubeObject;
}

const annotationsOf = (obj: KubeObject): Record<string, string> => obj.metadata.annotations ?? {};
const specOf = (obj: KubeObject): Record<string, unknown> => (obj as unknown as { spec: Record<string, unknown> }).spec;
const statusOf = (obj: KubeObject): Record<string, unknown> => (obj as unknown as { status: Record<string, unknown> }).status;

describe('autoscaling/v2 -> v1', () => {
  it('a cpu Utilization target is targetCPUUtilizationPercentage, with no annotation', () => {
    const v1 = hpaToV1(v2({ metrics: [cpu(70)] }));
    assert.equal(v1.apiVersion, 'autoscaling/v1');
    assert.deepEqual(specOf(v1), { scaleTargetRef: ref, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70 });
    assert.equal(v1.metadata.annotations, undefined);
    assert.deepEqual(statusOf(v1), { currentReplicas: 0, desiredReplicas: 0 });
  });

  it('other metrics, current metrics, behavior and conditions travel in annotations, in v1 and Go field shapes', () => {
    const condition = { type: 'AbleToScale', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z', reason: 'ReadyForNewScale', message: 'ok' };
    const current = { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45, averageValue: '45m' } } };
    const v1 = hpaToV1(v2({ metrics: [cpu(70), memory], behavior }, { currentReplicas: 3, desiredReplicas: 4, currentMetrics: [current], conditions: [condition] }, { team: 'a' }));
    const a = annotationsOf(v1);
    assert.equal(a.team, 'a');
    assert.deepEqual(JSON.parse(a[METRIC_SPECS_ANNOTATION] ?? ''), [{ type: 'Resource', resource: { name: 'memory', targetAverageValue: '100Mi' } }]);
    assert.deepEqual(JSON.parse(a[METRIC_STATUSES_ANNOTATION] ?? ''), [{ type: 'Resource', resource: { name: 'cpu', currentAverageUtilization: 45, currentAverageValue: '45m' } }]);
    assert.deepEqual(JSON.parse(a[BEHAVIOR_ANNOTATION] ?? '').ScaleDown, { StabilizationWindowSeconds: 60, SelectPolicy: 'Min', Policies: [{ Type: 'Percent', Value: 50, PeriodSeconds: 30 }] });
    assert.deepEqual(JSON.parse(a[CONDITIONS_ANNOTATION] ?? ''), [condition]);
    assert.equal(specOf(v1).targetCPUUtilizationPercentage, 70);
    assert.deepEqual(statusOf(v1), { currentReplicas: 3, desiredReplicas: 4, currentCPUUtilizationPercentage: 45 });
  });

  it('stale round-trip annotations on the stored object are replaced by what the conversion produces', () => {
    const v1 = hpaToV1(v2({ metrics: [cpu(70)] }, undefined, { [BEHAVIOR_ANNOTATION]: '{"ScaleUp":null}' }));
    assert.equal(v1.metadata.annotations, undefined);
  });

  it('does not change its argument', () => {
    const stored = v2({ metrics: [cpu(70), memory], behavior });
    const copy = structuredClone(stored);
    hpaToV1(stored);
    assert.deepEqual(stored, copy);
  });
});

describe('autoscaling/v1 -> v2', () => {
  it('targetCPUUtilizationPercentage is a cpu Utilization metric; none at all is the 80% default', () => {
    const withTarget = hpaFromV1({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: ref, maxReplicas: 5, targetCPUUtilizationPercentage: 70 } } as KubeObject);
    assert.equal(withTarget.apiVersion, 'autoscaling/v2');
    assert.deepEqual(specOf(withTarget).metrics, [cpu(70)]);
    const without = hpaFromV1({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: ref, maxReplicas: 5 } } as KubeObject);
    assert.deepEqual(specOf(without).metrics, [cpu(80)]);
    assert.equal('status' in without, false);
  });

  it('a malformed annotation is ignored and dropped', () => {
    const obj = hpaFromV1({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', annotations: { [BEHAVIOR_ANNOTATION]: '{not json' } }, spec: { scaleTargetRef: ref, maxReplicas: 5 } } as KubeObject);
    assert.equal(specOf(obj).behavior, undefined);
    assert.equal(obj.metadata.annotations, undefined);
  });

  it('behavior written with lower-case names reads too, as Go decodes field names', () => {
    const annotations = { [BEHAVIOR_ANNOTATION]: JSON.stringify({ scaleDown: { stabilizationWindowSeconds: 30 } }) };
    const obj = hpaFromV1({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', annotations }, spec: { scaleTargetRef: ref, maxReplicas: 5 } } as KubeObject);
    assert.deepEqual(specOf(obj).behavior, { scaleDown: { stabilizationWindowSeconds: 30 } });
  });
});

describe('round trips', () => {
  it('v2 -> v1 -> v2 keeps every metric, the behavior, current metrics and conditions (the cpu target moves last, as upstream)', () => {
    const pods = { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } };
    const object = {
      type: 'Object',
      object: { describedObject: { apiVersion: 'v1', kind: 'Service', name: 'web' }, metric: { name: 'hits' }, target: { type: 'Value', value: '5' } },
    };
    const external = { type: 'External', external: { metric: { name: 'queue', selector: { matchLabels: { q: 'a' } } }, target: { type: 'AverageValue', averageValue: '3' } } };
    const container = { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } };
    const status = {
      observedGeneration: 2,
      lastScaleTime: '2025-01-01T00:00:00Z',
      currentReplicas: 3,
      desiredReplicas: 3,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45, averageValue: '45m' } } }],
      conditions: [{ type: 'ScalingActive', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z', reason: 'ValidMetricFound', message: 'm' }],
    };
    const original = v2({ metrics: [cpu(70), memory, pods, object, external, container], behavior }, status, { team: 'a' });
    const back = hpaFromV1(hpaToV1(original));
    assert.deepEqual(specOf(back).metrics, [memory, pods, object, external, container, cpu(70)]);
    assert.deepEqual(specOf(back).behavior, behavior);
    assert.deepEqual(statusOf(back), status);
    assert.deepEqual(back.metadata.annotations, { team: 'a' });
    assert.equal(back.apiVersion, 'autoscaling/v2');
  });

  it('v1 -> v2 -> v1 is the same v1 object', () => {
    const v1 = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'shop', resourceVersion: '7' },
      spec: { scaleTargetRef: ref, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70 },
      status: { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 12 },
    } as KubeObject;
    const again = hpaToV1(hpaFromV1(v1));
    const { [METRIC_STATUSES_ANNOTATION]: current, ...others } = annotationsOf(again);
    assert.deepEqual(others, {});
    assert.deepEqual(JSON.parse(current ?? ''), [{ type: 'Resource', resource: { name: 'cpu', currentAverageUtilization: 12, currentAverageValue: '0' } }]);
    assert.deepEqual({ ...again, metadata: { ...again.metadata, annotations: undefined } }, { ...v1, metadata: { ...v1.metadata, annotations: undefined } });
  });
});
