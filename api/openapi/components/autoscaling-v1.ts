// autoscaling/v1: the HorizontalPodAutoscaler as that version publishes it
// (one CPU target; the rest of v2 travels in annotations).
import { int32, int64, kindObject, object, ref, str, time } from '../builders.js';
import { AUTOSCALING_V1 } from '../names.js';
import type { ComponentTable } from '../schema.js';

const A = AUTOSCALING_V1;

export const AUTOSCALING_V1_COMPONENTS: ComponentTable = {
  [`${A}HorizontalPodAutoscaler`]: kindObject(
    { group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler' },
    'configuration of a horizontal pod autoscaler.',
    { spec: ref(`${A}HorizontalPodAutoscalerSpec`, { default: {} }), status: ref(`${A}HorizontalPodAutoscalerStatus`, { default: {} }) },
  ),
  [`${A}HorizontalPodAutoscalerSpec`]: object(
    {
      maxReplicas: int32({ default: 0 }),
      minReplicas: int32(),
      scaleTargetRef: ref(`${A}CrossVersionObjectReference`, { default: {} }),
      targetCPUUtilizationPercentage: int32(),
    },
    ['scaleTargetRef', 'maxReplicas'],
  ),
  [`${A}CrossVersionObjectReference`]: object({ apiVersion: str(), kind: str({ default: '' }), name: str({ default: '' }) }, ['kind', 'name'], { 'x-kubernetes-map-type': 'atomic' }),
  [`${A}HorizontalPodAutoscalerStatus`]: object(
    {
      currentCPUUtilizationPercentage: int32(),
      currentReplicas: int32({ default: 0 }),
      desiredReplicas: int32({ default: 0 }),
      lastScaleTime: time(),
      observedGeneration: int64(),
    },
    ['currentReplicas', 'desiredReplicas'],
  ),
};
