// autoscaling/v2: the HorizontalPodAutoscaler, with the members upstream publishes for it.
import { condition, atomicList, mergedList, int32, int64, kindObject, object, quantity, ref, str, time } from '../builders.js';
import { AUTOSCALING_V2, META } from '../names.js';
import type { ComponentTable } from '../schema.js';

const A = AUTOSCALING_V2;
const gvk = (kind: string): { group: string; version: string; kind: string } => ({ group: 'autoscaling', version: 'v2', kind });
const identifier = { metric: ref(`${A}MetricIdentifier`, { default: {} }) };

export const AUTOSCALING_COMPONENTS: ComponentTable = {
  [`${A}HorizontalPodAutoscaler`]: kindObject(
    gvk('HorizontalPodAutoscaler'),
    'HorizontalPodAutoscaler is the configuration for a horizontal pod autoscaler, which automatically manages the replica count of any resource implementing the scale subresource based on the metrics specified.',
    { spec: ref(`${A}HorizontalPodAutoscalerSpec`, { default: {} }), status: ref(`${A}HorizontalPodAutoscalerStatus`, { default: {} }) },
  ),
  [`${A}HorizontalPodAutoscalerSpec`]: object(
    {
      behavior: ref(`${A}HorizontalPodAutoscalerBehavior`),
      maxReplicas: int32({ default: 0 }),
      metrics: atomicList(`${A}MetricSpec`),
      minReplicas: int32(),
      scaleTargetRef: ref(`${A}CrossVersionObjectReference`, { default: {} }),
    },
    ['scaleTargetRef', 'maxReplicas'],
  ),
  [`${A}CrossVersionObjectReference`]: object({ apiVersion: str(), kind: str({ default: '' }), name: str({ default: '' }) }, ['kind', 'name'], { 'x-kubernetes-map-type': 'atomic' }),
  [`${A}HorizontalPodAutoscalerBehavior`]: object({ scaleDown: ref(`${A}HPAScalingRules`), scaleUp: ref(`${A}HPAScalingRules`) }),
  [`${A}HPAScalingRules`]: object({ policies: atomicList(`${A}HPAScalingPolicy`), selectPolicy: str(), stabilizationWindowSeconds: int32(), tolerance: quantity() }),
  [`${A}HPAScalingPolicy`]: object({ periodSeconds: int32({ default: 0 }), type: str({ default: '' }), value: int32({ default: 0 }) }, ['type', 'value', 'periodSeconds']),
  [`${A}MetricSpec`]: object(
    {
      containerResource: ref(`${A}ContainerResourceMetricSource`),
      external: ref(`${A}ExternalMetricSource`),
      object: ref(`${A}ObjectMetricSource`),
      pods: ref(`${A}PodsMetricSource`),
      resource: ref(`${A}ResourceMetricSource`),
      type: str({ default: '' }),
    },
    ['type'],
  ),
  [`${A}MetricTarget`]: object({ averageUtilization: int32(), averageValue: quantity(), type: str({ default: '' }), value: quantity() }, ['type']),
  [`${A}MetricValueStatus`]: object({ averageUtilization: int32(), averageValue: quantity(), value: quantity() }),
  [`${A}MetricIdentifier`]: object({ name: str({ default: '' }), selector: ref(`${META}LabelSelector`) }, ['name']),
  [`${A}ResourceMetricSource`]: object({ name: str({ default: '' }), target: ref(`${A}MetricTarget`, { default: {} }) }, ['name', 'target']),
  [`${A}ContainerResourceMetricSource`]: object({ container: str({ default: '' }), name: str({ default: '' }), target: ref(`${A}MetricTarget`, { default: {} }) }, ['name', 'target', 'container']),
  [`${A}PodsMetricSource`]: object({ ...identifier, target: ref(`${A}MetricTarget`, { default: {} }) }, ['metric', 'target']),
  [`${A}ExternalMetricSource`]: object({ ...identifier, target: ref(`${A}MetricTarget`, { default: {} }) }, ['metric', 'target']),
  [`${A}ObjectMetricSource`]: object(
    { describedObject: ref(`${A}CrossVersionObjectReference`, { default: {} }), ...identifier, target: ref(`${A}MetricTarget`, { default: {} }) },
    ['describedObject', 'target', 'metric'],
  ),
  [`${A}HorizontalPodAutoscalerStatus`]: object(
    {
      conditions: mergedList(`${A}HorizontalPodAutoscalerCondition`, 'type'),
      currentMetrics: atomicList(`${A}MetricStatus`),
      currentReplicas: int32(),
      desiredReplicas: int32({ default: 0 }),
      lastScaleTime: time(),
      observedGeneration: int64(),
    },
    ['desiredReplicas'],
  ),
  [`${A}HorizontalPodAutoscalerCondition`]: condition(),
  [`${A}MetricStatus`]: object(
    {
      containerResource: ref(`${A}ContainerResourceMetricStatus`),
      external: ref(`${A}ExternalMetricStatus`),
      object: ref(`${A}ObjectMetricStatus`),
      pods: ref(`${A}PodsMetricStatus`),
      resource: ref(`${A}ResourceMetricStatus`),
      type: str({ default: '' }),
    },
    ['type'],
  ),
  [`${A}ResourceMetricStatus`]: object({ current: ref(`${A}MetricValueStatus`, { default: {} }), name: str({ default: '' }) }, ['name', 'current']),
  [`${A}ContainerResourceMetricStatus`]: object(
    { container: str({ default: '' }), current: ref(`${A}MetricValueStatus`, { default: {} }), name: str({ default: '' }) },
    ['name', 'current', 'container'],
  ),
  [`${A}PodsMetricStatus`]: object({ current: ref(`${A}MetricValueStatus`, { default: {} }), ...identifier }, ['metric', 'current']),
  [`${A}ExternalMetricStatus`]: object({ current: ref(`${A}MetricValueStatus`, { default: {} }), ...identifier }, ['metric', 'current']),
  [`${A}ObjectMetricStatus`]: object(
    { current: ref(`${A}MetricValueStatus`, { default: {} }), describedObject: ref(`${A}CrossVersionObjectReference`, { default: {} }), ...identifier },
    ['metric', 'current', 'describedObject'],
  ),
};
