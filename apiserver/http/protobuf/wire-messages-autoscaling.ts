// The autoscaling messages (syntax in wire-messages.ts): autoscaling/v2, the
// stored HorizontalPodAutoscaler, and autoscaling/v1, the version kubectl
// before 1.33 creates HPAs in, from k8s.io/api's generated.proto files.

export const AUTOSCALING_WIRE_MESSAGES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  autoscaling: {
    HorizontalPodAutoscaler: 'metadata=1:meta.ObjectMeta spec=2:HorizontalPodAutoscalerSpec status=3:HorizontalPodAutoscalerStatus',
    HorizontalPodAutoscalerSpec:
      'scaleTargetRef=1:CrossVersionObjectReference minReplicas=2:int32? maxReplicas=3:int32? metrics=4:MetricSpec[] behavior=5:HorizontalPodAutoscalerBehavior',
    CrossVersionObjectReference: 'kind=1? name=2? apiVersion=3',
    HorizontalPodAutoscalerBehavior: 'scaleUp=1:HPAScalingRules scaleDown=2:HPAScalingRules',
    HPAScalingRules: 'stabilizationWindowSeconds=3:int32? selectPolicy=1? policies=2:HPAScalingPolicy[] tolerance=4:resource.Quantity',
    HPAScalingPolicy: 'type=1? value=2:int32? periodSeconds=3:int32?',
    MetricSpec: [
      'type=1? object=2:ObjectMetricSource pods=3:PodsMetricSource resource=4:ResourceMetricSource',
      'containerResource=7:ContainerResourceMetricSource external=5:ExternalMetricSource',
    ].join(' '),
    MetricTarget: 'type=1? value=2:resource.Quantity averageValue=3:resource.Quantity averageUtilization=4:int32?',
    MetricValueStatus: 'value=1:resource.Quantity averageValue=2:resource.Quantity averageUtilization=3:int32?',
    MetricIdentifier: 'name=1? selector=2:meta.LabelSelector',
    ResourceMetricSource: 'name=1? target=2:MetricTarget',
    ContainerResourceMetricSource: 'name=1? target=2:MetricTarget container=3?',
    PodsMetricSource: 'metric=1:MetricIdentifier target=2:MetricTarget',
    ExternalMetricSource: 'metric=1:MetricIdentifier target=2:MetricTarget',
    ObjectMetricSource: 'describedObject=1:CrossVersionObjectReference target=2:MetricTarget metric=3:MetricIdentifier',
    HorizontalPodAutoscalerStatus: [
      'observedGeneration=1:int64? lastScaleTime=2:meta.Time currentReplicas=3:int32 desiredReplicas=4:int32?',
      'currentMetrics=5:MetricStatus[] conditions=6:HorizontalPodAutoscalerCondition[]',
    ].join(' '),
    HorizontalPodAutoscalerCondition: 'type=1? status=2? lastTransitionTime=3:meta.Time reason=4 message=5 observedGeneration=6:int64?',
    MetricStatus: [
      'type=1? object=2:ObjectMetricStatus pods=3:PodsMetricStatus resource=4:ResourceMetricStatus',
      'containerResource=7:ContainerResourceMetricStatus external=5:ExternalMetricStatus',
    ].join(' '),
    ResourceMetricStatus: 'name=1? current=2:MetricValueStatus',
    ContainerResourceMetricStatus: 'name=1? current=2:MetricValueStatus container=3?',
    PodsMetricStatus: 'metric=1:MetricIdentifier current=2:MetricValueStatus',
    ExternalMetricStatus: 'metric=1:MetricIdentifier current=2:MetricValueStatus',
    ObjectMetricStatus: 'metric=1:MetricIdentifier current=2:MetricValueStatus describedObject=3:CrossVersionObjectReference',
  },
  autoscalingV1: {
    HorizontalPodAutoscaler: 'metadata=1:meta.ObjectMeta spec=2:HorizontalPodAutoscalerSpec status=3:HorizontalPodAutoscalerStatus',
    HorizontalPodAutoscalerSpec: 'scaleTargetRef=1:CrossVersionObjectReference minReplicas=2:int32? maxReplicas=3:int32? targetCPUUtilizationPercentage=4:int32?',
    CrossVersionObjectReference: 'kind=1? name=2? apiVersion=3',
    HorizontalPodAutoscalerStatus: [
      'observedGeneration=1:int64? lastScaleTime=2:meta.Time currentReplicas=3:int32? desiredReplicas=4:int32?',
      'currentCPUUtilizationPercentage=5:int32?',
    ].join(' '),
  },
};
