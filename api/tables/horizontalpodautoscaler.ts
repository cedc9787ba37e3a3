// `kubectl get hpa`: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE, with
// kubectl 1.32's TARGETS cells (`cpu: 45%/70%`, `cpu: <unknown>/70%`).
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from '../types/autoscaling.js';
import type { KubeObject } from '../types/meta.js';
import { timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

const UNKNOWN = '<unknown>';
/** kubectl prints this many metrics and counts the rest as "+ N more...". */
const MAX_PRINTED_METRICS = 2;

function resourceTarget(spec: MetricSpec, current: MetricStatus | undefined): string {
  const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
  const now = spec.type === 'Resource' ? current?.resource?.current : current?.containerResource?.current;
  const name = source?.name ?? '';
  const target = source?.target;
  if (target?.type === 'Utilization' || target?.averageUtilization !== undefined) {
    const have = now?.averageUtilization === undefined ? UNKNOWN : `${now.averageUtilization}%`;
    return `${name}: ${have}/${target?.averageUtilization ?? 0}%`;
  }
  const have = now?.averageValue ?? UNKNOWN;
  return `${name}: ${have}/${target?.averageValue ?? target?.value ?? ''}`;
}

function metricCell(spec: MetricSpec, current: MetricStatus | undefined): string {
  if (spec.type === 'Resource' || spec.type === 'ContainerResource') return resourceTarget(spec, current);
  const target = spec.pods?.target ?? spec.object?.target ?? spec.external?.target;
  return `${UNKNOWN}/${target?.averageValue ?? target?.value ?? ''} (avg)`;
}

export function targetsCell(hpa: HorizontalPodAutoscaler): string {
  const metrics = hpa.spec?.metrics ?? [];
  if (metrics.length === 0) return '<none>';
  const current = hpa.status?.currentMetrics ?? [];
  const cells = metrics.slice(0, MAX_PRINTED_METRICS).map((m, i) => metricCell(m, current[i]?.type === m.type ? current[i] : undefined));
  const more = metrics.length - MAX_PRINTED_METRICS;
  return more > 0 ? `${cells.join(', ')} + ${more} more...` : cells.join(', ');
}

export const horizontalPodAutoscalerTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Reference', priority: 0, description: 'Reference to the target resource' },
    { name: 'Targets', priority: 0, description: 'Targets of the autoscaler' },
    { name: 'MinPods', priority: 0, description: 'Minimum number of replicas' },
    { name: 'MaxPods', priority: 0, description: 'Maximum number of replicas' },
    { name: 'Replicas', priority: 0, description: 'Current replicas' },
    AGE_COLUMN,
  ],
  row(obj: KubeObject, now: Date): string[] {
    const hpa = obj as HorizontalPodAutoscaler;
    const ref = hpa.spec?.scaleTargetRef;
    return [
      hpa.metadata.name ?? '',
      `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
      targetsCell(hpa),
      hpa.spec?.minReplicas === undefined ? UNKNOWN : String(hpa.spec.minReplicas),
      String(hpa.spec?.maxReplicas ?? 0),
      String(hpa.status?.currentReplicas ?? 0),
      timestampSince(hpa.metadata.creationTimestamp, now),
    ];
  },
};
