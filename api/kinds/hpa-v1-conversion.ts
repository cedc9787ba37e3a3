// autoscaling/v1 HorizontalPodAutoscaler <-> the stored autoscaling/v2 one,
// as Kubernetes' v1 conversion does it. v1 knows one target
// (targetCPUUtilizationPercentage) and one current value
// (currentCPUUtilizationPercentage); everything else v2 holds travels in
// round-trip annotations on the v1 object, so a v1 client that reads, edits
// and writes back keeps the other metrics, the behavior and the conditions.
import type { KubeObject } from '../types/meta.js';
import { isAbsent, isRecord, recordOf, type JsonRecord } from '../validation/values.js';
import { defined, metricSpecFromV1, metricSpecToV1, metricStatusFromV1, metricStatusToV1 } from './hpa-v1-metrics.js';
import { DEFAULT_CPU_UTILIZATION } from './hpa-defaults.js';

export const METRIC_SPECS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
export const METRIC_STATUSES_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
const ROUND_TRIP_ANNOTATIONS = [METRIC_SPECS_ANNOTATION, METRIC_STATUSES_ANNOTATION, BEHAVIOR_ANNOTATION, CONDITIONS_ANNOTATION];

const V1 = 'autoscaling/v1';
const V2 = 'autoscaling/v2';
const CPU = 'cpu';

/** The annotations without the round-trip ones; undefined when none are left (Go omits an empty map). */
function withoutRoundTrip(annotations: unknown): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(recordOf(annotations))) if (!ROUND_TRIP_ANNOTATIONS.includes(key)) out[key] = String(value);
  return Object.keys(out).length > 0 ? out : undefined;
}

function withAnnotations(metadata: unknown, annotations: Record<string, string> | undefined): JsonRecord {
  const { annotations: _old, ...rest } = recordOf(metadata);
  return annotations ? { ...rest, annotations } : rest;
}

/** A CPU Resource metric with a Utilization target: the one v1 can say. */
function cpuUtilizationTarget(metric: unknown): number | undefined {
  const m = recordOf(metric);
  const resource = recordOf(m.resource);
  const utilization = recordOf(resource.target).averageUtilization;
  return m.type === 'Resource' && resource.name === CPU && typeof utilization === 'number' ? utilization : undefined;
}

/** Kubernetes writes the behavior with its internal type, which has no JSON tags: Go's field names. */
function behaviorToAnnotation(behavior: JsonRecord): string {
  const rules = (value: unknown): JsonRecord | null => {
    if (!isRecord(value)) return null;
    const policies = Array.isArray(value.policies) ? value.policies.map((p) => ({ Type: recordOf(p).type, Value: recordOf(p).value, PeriodSeconds: recordOf(p).periodSeconds })) : null;
    const out: JsonRecord = { StabilizationWindowSeconds: value.stabilizationWindowSeconds ?? null, SelectPolicy: value.selectPolicy ?? null, Policies: policies };
    if (!isAbsent(value.tolerance)) out.Tolerance = value.tolerance;
    return out;
  };
  return JSON.stringify({ ScaleUp: rules(behavior.scaleUp), ScaleDown: rules(behavior.scaleDown) });
}

/** Go's decoder matches field names case-insensitively, so `scaleUp` reads as well as `ScaleUp`. */
function member(value: JsonRecord, name: string): unknown {
  const key = Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : value[key];
}

function behaviorFromAnnotation(value: unknown): JsonRecord | undefined {
  if (!isRecord(value)) return undefined;
  const rules = (raw: unknown): JsonRecord | undefined => {
    if (!isRecord(raw)) return undefined;
    const policies = member(raw, 'policies');
    return defined({
      stabilizationWindowSeconds: member(raw, 'stabilizationWindowSeconds'),
      selectPolicy: member(raw, 'selectPolicy'),
      policies: Array.isArray(policies) ? policies.map((p) => defined({ type: member(recordOf(p), 'type'), value: member(recordOf(p), 'value'), periodSeconds: member(recordOf(p), 'periodSeconds') })) : undefined,
      tolerance: member(raw, 'tolerance'),
    });
  };
  const behavior = defined({ scaleUp: rules(member(value, 'scaleUp')), scaleDown: rules(member(value, 'scaleDown')) });
  return Object.keys(behavior).length > 0 ? behavior : undefined;
}

/** An annotation's JSON; a malformed one is ignored, as Kubernetes only moves well-formed data into fields. */
function annotationJson(annotations: unknown, key: string): unknown {
  const raw = recordOf(annotations)[key];
  if (typeof raw !== 'string') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function conditionToV1(c: unknown): JsonRecord {
  const r = recordOf(c);
  return defined({ type: r.type, status: r.status, lastTransitionTime: r.lastTransitionTime, reason: r.reason, message: r.message });
}

/** The autoscaling/v1 form of a stored autoscaling/v2 HPA. */
export function hpaToV1(obj: KubeObject): KubeObject {
  const { spec: rawSpec, status: rawStatus, metadata, apiVersion: _v, ...rest } = structuredClone(obj) as KubeObject & JsonRecord;
  const spec = recordOf(rawSpec);
  const status = recordOf(rawStatus);
  const annotations: Record<string, string> = { ...withoutRoundTrip(metadata.annotations) };
  const metrics = list(spec.metrics);
  const others = metrics.filter((m) => cpuUtilizationTarget(m) === undefined);
  if (others.length > 0) annotations[METRIC_SPECS_ANNOTATION] = JSON.stringify(others.map(metricSpecToV1));
  const current = list(status.currentMetrics);
  if (current.length > 0) annotations[METRIC_STATUSES_ANNOTATION] = JSON.stringify(current.map(metricStatusToV1));
  if (isRecord(spec.behavior)) annotations[BEHAVIOR_ANNOTATION] = behaviorToAnnotation(spec.behavior);
  const conditions = list(status.conditions);
  if (conditions.length > 0) annotations[CONDITIONS_ANNOTATION] = JSON.stringify(conditions.map(conditionToV1));
  // The last CPU utilization reading, as Kubernetes' loop leaves it.
  const cpuNow = current.map((m) => recordOf(m)).filter((m) => m.type === 'Resource' && recordOf(m.resource).name === CPU);
  const currentCpu = cpuNow.map((m) => recordOf(recordOf(m.resource).current).averageUtilization).filter((u) => typeof u === 'number').pop();
  return {
    apiVersion: V1,
    ...rest,
    metadata: withAnnotations(metadata, Object.keys(annotations).length > 0 ? annotations : undefined),
    spec: defined({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas ?? 0,
      targetCPUUtilizationPercentage: metrics.map(cpuUtilizationTarget).find((u) => u !== undefined),
    }),
    status: defined({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      currentCPUUtilizationPercentage: currentCpu,
    }),
  } as KubeObject;
}

/** The v2 metric for v1's target, its value as sent (validation of the v2 form judges it). */
const cpuTarget = (averageUtilization: unknown): JsonRecord => ({ type: 'Resource', resource: { name: CPU, target: { type: 'Utilization', averageUtilization } } });

/** The stored autoscaling/v2 form of an autoscaling/v1 HPA. */
export function hpaFromV1(obj: KubeObject): KubeObject {
  const { spec: rawSpec, status: rawStatus, metadata, apiVersion: _v, ...rest } = structuredClone(obj) as KubeObject & JsonRecord;
  const spec = recordOf(rawSpec);
  const status = recordOf(rawStatus);
  const annotations = recordOf(recordOf(metadata).annotations);
  // Other metrics first and the CPU target last, where Kubernetes puts it.
  const metrics = list(annotationJson(annotations, METRIC_SPECS_ANNOTATION)).map(metricSpecFromV1);
  if (!isAbsent(spec.targetCPUUtilizationPercentage)) metrics.push(cpuTarget(spec.targetCPUUtilizationPercentage));
  // v1 once left this default to the controller; v2 states it.
  if (metrics.length === 0) metrics.push(cpuTarget(DEFAULT_CPU_UTILIZATION));
  const currentFromAnnotation = annotationJson(annotations, METRIC_STATUSES_ANNOTATION);
  const currentMetrics = Array.isArray(currentFromAnnotation)
    ? currentFromAnnotation.map(metricStatusFromV1)
    : isAbsent(status.currentCPUUtilizationPercentage)
      ? undefined
      : [{ type: 'Resource', resource: { name: CPU, current: { averageUtilization: status.currentCPUUtilizationPercentage } } }];
  const conditions = annotationJson(annotations, CONDITIONS_ANNOTATION);
  return {
    apiVersion: V2,
    ...rest,
    metadata: withAnnotations(metadata, withoutRoundTrip(annotations)),
    spec: defined({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      metrics,
      behavior: behaviorFromAnnotation(annotationJson(annotations, BEHAVIOR_ANNOTATION)),
    }),
    ...(isAbsent(rawStatus)
      ? {}
      : {
          status: defined({
            observedGeneration: status.observedGeneration,
            lastScaleTime: status.lastScaleTime,
            currentReplicas: status.currentReplicas,
            desiredReplicas: status.desiredReplicas ?? 0,
            currentMetrics,
            conditions: Array.isArray(conditions) ? conditions.map(conditionToV1) : undefined,
          }),
        }),
  } as KubeObject;
}
