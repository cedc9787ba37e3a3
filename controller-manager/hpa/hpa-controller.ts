// The HorizontalPodAutoscaler controller: every sync period, for each HPA,
// reads the target's replicas and selector, the pods' requests and the
// metrics API's PodMetrics, computes the desired count (replica-calculator),
// passes it through the behavior (scale-behavior), writes spec.replicas of
// the target through its scale subresource, as Kubernetes' HPA does, and the
// HPA's status, conditions and events.
import { isApiError } from '../../api/errors.js';
import { cpuToMillis, formatMillis, memoryToBytes } from '../../api/quantity.js';
import { resources, type ResourceInfo } from '../../api/resources.js';
import { isPodReady } from '../../api/ready-conditions.js';
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerCondition, MetricSpec, MetricStatus, Pod, PodMetrics, Scale } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import type { Clock } from '../../client/clock.js';
import type { ControllerContext } from '../common/controller-context.js';
import { QueueController } from '../common/queue-controller.js';
import { replicasForUtilization, type PodSample } from './replica-calculator.js';
import { decideReplicas, defaultRules, stabilizedMessage, type ScaleHistory } from './scale-behavior.js';

export interface HpaControllerOptions {
  syncPeriodMs: number;
  downscaleStabilizationMs: number;
}

/** Recommendations and scale events older than this matter to no window or policy. */
const HISTORY_MS = 3_600_000;
const MS_PER_SECOND = 1000;
const SCALE_TARGETS: Readonly<Record<string, ResourceInfo>> = { Deployment: resources.deployments, ReplicaSet: resources.replicaSets, StatefulSet: resources.statefulSets };

interface ScaleTarget {
  info: ResourceInfo;
  scale: Scale;
  specReplicas: number;
  statusReplicas: number;
  selector: string;
}

function readTarget(info: ResourceInfo, scale: Scale): ScaleTarget {
  return { info, scale, specReplicas: scale.spec.replicas, statusReplicas: scale.status.replicas, selector: scale.status.selector ?? '' };
}

function resourceRequest(pod: Pod, resource: string): { milli?: number; lacking?: string } {
  let total = 0;
  for (const c of pod.spec?.containers ?? []) {
    const request = c.resources?.requests?.[resource];
    if (request === undefined) return { lacking: c.name };
    total += resource === 'cpu' ? cpuToMillis(request) : memoryToBytes(request) * MS_PER_SECOND;
  }
  return { milli: total };
}

function usageMilli(metrics: PodMetrics | undefined, resource: string): number | undefined {
  if (!metrics) return undefined;
  return metrics.containers.reduce((acc, c) => acc + (resource === 'cpu' ? cpuToMillis(c.usage.cpu) : memoryToBytes(c.usage.memory) * MS_PER_SECOND), 0);
}

function condition(type: string, status: 'True' | 'False', reason: string, message: string, old: HorizontalPodAutoscalerCondition[], nowIso: string): HorizontalPodAutoscalerCondition {
  const prev = old.find((c) => c.type === type);
  return { type, status, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : nowIso, reason, message };
}

export class HpaController extends QueueController {
  private readonly hpaInformer: Informer<HorizontalPodAutoscaler>;
  private readonly history = new Map<string, ScaleHistory>();
  private readonly clock: Clock;

  constructor(
    ctx: ControllerContext,
    private readonly options: HpaControllerOptions,
  ) {
    super(ctx, 'horizontalpodautoscaling');
    this.clock = ctx.clock;
    this.hpaInformer = ctx.factory.informerFor(resources.horizontalPodAutoscalers);
    this.hpaInformer.addEventHandler({ onAdd: (o) => this.enqueue(o), onUpdate: (o, n) => o.metadata.generation !== n.metadata.generation && this.enqueue(n), onDelete: (o) => this.enqueue(o) });
  }

  override async run(workers: number, signal: AbortSignal): Promise<void> {
    // The resync is the HPA's clock: metrics change without any object changing.
    const timer = setInterval(() => {
      for (const hpa of this.hpaInformer.store.list()) this.enqueue(hpa);
    }, this.options.syncPeriodMs);
    signal.addEventListener('abort', () => clearInterval(timer), { once: true });
    await super.run(workers, signal);
  }

  async sync(key: string): Promise<void> {
    const [ns = '', name = ''] = key.split('/');
    const hpa = this.hpaInformer.store.get(ns, name);
    if (!hpa) {
      this.history.delete(key);
      return;
    }
    const nowIso = new Date(this.clock.now()).toISOString();
    const old = hpa.status?.conditions ?? [];
    const ref = hpa.spec?.scaleTargetRef;
    const info = SCALE_TARGETS[ref?.kind ?? ''];
    let target: ScaleTarget;
    try {
      if (!info) throw new Error(`the server could not find the requested resource (kind ${ref?.kind ?? ''} has no scale subresource)`);
      target = readTarget(info, await this.ctx.client.getScale(info, ns, ref?.name ?? ''));
    } catch (err) {
      const message = `the HPA controller was unable to get the target's current scale: ${(err as Error).message}`;
      this.ctx.recorder.event(hpa, 'Warning', 'FailedGetScale', message);
      await this.writeStatus(hpa, { desiredReplicas: hpa.status?.desiredReplicas ?? 0, currentReplicas: hpa.status?.currentReplicas ?? 0 }, [
        condition('AbleToScale', 'False', 'FailedGetScale', message, old, nowIso),
      ]);
      return;
    }
    const current = target.specReplicas;
    if (current === 0) {
      await this.writeStatus(hpa, { currentReplicas: target.statusReplicas, desiredReplicas: 0 }, [
        condition('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero', old, nowIso),
      ]);
      return;
    }
    const minReplicas = hpa.spec?.minReplicas ?? 1;
    const maxReplicas = hpa.spec?.maxReplicas ?? 1;
    // As Kubernetes: a count outside the range is brought into it before any metric is read.
    if (current < minReplicas || current > maxReplicas) {
      const bound = current < minReplicas ? minReplicas : maxReplicas;
      const reason = current < minReplicas ? 'Current number of replicas below Spec.MinReplicas' : 'Current number of replicas above Spec.MaxReplicas';
      if (!(await this.rescale(hpa, key, target, bound, reason, [], nowIso))) return;
      await this.writeStatus(hpa, { currentReplicas: target.statusReplicas, desiredReplicas: bound, lastScaleTime: nowIso }, [
        condition('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${bound}`, old, nowIso),
      ]);
      return;
    }
    let recommended = current;
    const currentMetrics: MetricStatus[] = [];
    try {
      const selected = (await this.ctx.client.list(resources.pods, { namespace: ns, labelSelector: target.selector })).items.filter(
        (p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded',
      );
      const metrics = new Map((await this.ctx.client.listPodMetrics(ns, target.selector)).items.map((m) => [m.metadata.name ?? '', m]));
      recommended = 0;
      for (const spec of hpa.spec?.metrics ?? []) {
        const { replicas, status } = this.resourceRecommendation(spec, selected, metrics, current);
        recommended = Math.max(recommended, replicas);
        currentMetrics.push(status);
      }
    } catch (err) {
      const resource = hpa.spec?.metrics?.[0]?.resource?.name ?? 'cpu';
      const reason = 'FailedGetResourceMetric';
      const message = `failed to get ${resource} utilization: ${(err as Error).message}`;
      this.ctx.recorder.event(hpa, 'Warning', reason, message);
      await this.writeStatus(hpa, { currentReplicas: target.statusReplicas, desiredReplicas: current }, [
        condition('AbleToScale', 'True', 'SucceededGetScale', 'the HPA controller was able to get the target\'s current scale', old, nowIso),
        condition('ScalingActive', 'False', reason, `the HPA was unable to compute the replica count: ${message}`, old, nowIso),
      ]);
      return;
    }
    const history = this.history.get(key) ?? { recommendations: [], events: [] };
    this.history.set(key, history);
    const nowMs = this.clock.now();
    const rules = defaultRules(this.options.downscaleStabilizationMs / MS_PER_SECOND);
    const behavior = hpa.spec?.behavior;
    const decision = decideReplicas(history, {
      nowMs,
      currentReplicas: current,
      recommended,
      minReplicas,
      maxReplicas,
      scaleUp: behavior?.scaleUp ?? rules.scaleUp,
      scaleDown: behavior?.scaleDown ?? rules.scaleDown,
    });
    history.recommendations = [...history.recommendations.filter((r) => r.atMs > nowMs - HISTORY_MS), { atMs: nowMs, replicas: recommended }];
    let lastScaleTime = hpa.status?.lastScaleTime;
    if (decision.replicas !== current) {
      // Kubernetes names the metric that drove a scale up, and none for a scale down (all had to agree).
      const reason = decision.replicas > current ? `${hpa.spec?.metrics?.[0]?.resource?.name ?? 'cpu'} resource utilization (percentage of request) above target` : 'All metrics below target';
      if (!(await this.rescale(hpa, key, target, decision.replicas, reason, currentMetrics, nowIso))) return;
      lastScaleTime = nowIso;
    }
    await this.writeStatus(hpa, { currentReplicas: target.statusReplicas, desiredReplicas: decision.replicas, currentMetrics, ...(lastScaleTime ? { lastScaleTime } : {}) }, [
      decision.replicas !== current
        ? condition('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${decision.replicas}`, old, nowIso)
        : decision.stabilizedReason
          ? condition('AbleToScale', 'True', decision.stabilizedReason, stabilizedMessage(decision.stabilizedReason), old, nowIso)
          : condition('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size', old, nowIso),
      condition('ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${hpa.spec?.metrics?.[0]?.resource?.name ?? 'cpu'} resource utilization (percentage of request)`, old, nowIso),
      decision.limitedReason
        ? condition('ScalingLimited', 'True', decision.limitedReason, decision.limitedMessage ?? '', old, nowIso)
        : condition('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range', old, nowIso),
    ]);
  }

  /** Writes the target's Scale; on failure records why on the HPA and answers false. */
  private async rescale(hpa: HorizontalPodAutoscaler, key: string, target: ScaleTarget, desired: number, reason: string, currentMetrics: MetricStatus[], nowIso: string): Promise<boolean> {
    const current = target.specReplicas;
    try {
      // Guarded on the Scale read this sync: a count computed from stale replicas is retried next sync.
      await this.ctx.client.updateScale(target.info, { ...target.scale, spec: { replicas: desired } });
    } catch (err) {
      const message = `the HPA controller was unable to update the target scale: ${(err as Error).message}`;
      this.ctx.recorder.event(hpa, 'Warning', 'FailedRescale', `New size: ${desired}; reason: ${reason}; error: ${(err as Error).message}`);
      await this.writeStatus(hpa, { currentReplicas: target.statusReplicas, desiredReplicas: current, currentMetrics }, [
        condition('AbleToScale', 'False', 'FailedUpdateScale', message, hpa.status?.conditions ?? [], nowIso),
      ]);
      return false;
    }
    const nowMs = this.clock.now();
    const history = this.history.get(key) ?? { recommendations: [], events: [] };
    history.events = [...history.events.filter((e) => e.atMs > nowMs - HISTORY_MS), { atMs: nowMs, change: desired - current }];
    this.history.set(key, history);
    this.ctx.recorder.event(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${reason}`);
    return true;
  }

  private resourceRecommendation(spec: MetricSpec, pods: readonly Pod[], metrics: Map<string, PodMetrics>, current: number): { replicas: number; status: MetricStatus } {
    const source = spec.resource;
    if (spec.type !== 'Resource' || !source) throw new Error(`metric type ${spec.type} is not supported`);
    const samples: PodSample[] = pods.map((p) => {
      const request = resourceRequest(p, source.name);
      return { name: p.metadata.name ?? '', requestMilli: request.milli, containerWithoutRequest: request.lacking, ready: isPodReady(p), usageMilli: usageMilli(metrics.get(p.metadata.name ?? ''), source.name) };
    });
    if (source.target.type === 'Utilization') {
      const rec = replicasForUtilization(samples, source.name, source.target.averageUtilization ?? 0, current);
      const counted = samples.filter((s) => s.usageMilli !== undefined);
      const avg = counted.length ? counted.reduce((a, s) => a + (s.usageMilli ?? 0), 0) / counted.length : 0;
      const averageValue = source.name === 'cpu' ? formatMillis(avg) : String(Math.round(avg / MS_PER_SECOND));
      return { replicas: rec.replicas, status: { type: 'Resource', resource: { name: source.name, current: { averageUtilization: rec.utilization, averageValue } } } };
    }
    // AverageValue: the usage per pod against the target value, with the same tolerance.
    const targetMilli = source.name === 'cpu' ? cpuToMillis(source.target.averageValue ?? '0') : memoryToBytes(source.target.averageValue ?? '0') * MS_PER_SECOND;
    const withUsage = samples.filter((s) => s.usageMilli !== undefined);
    if (withUsage.length === 0) throw new Error('did not receive metrics for targeted pods (pods might be unready)');
    const total = withUsage.reduce((a, s) => a + (s.usageMilli ?? 0), 0);
    const ratio = total / withUsage.length / targetMilli;
    const replicas = Math.abs(1 - ratio) <= 0.1 ? current : Math.ceil(total / targetMilli);
    const averageValue = source.name === 'cpu' ? formatMillis(total / withUsage.length) : String(Math.round(total / withUsage.length / MS_PER_SECOND));
    return { replicas, status: { type: 'Resource', resource: { name: source.name, current: { averageValue } } } };
  }

  private async writeStatus(hpa: HorizontalPodAutoscaler, status: NonNullable<HorizontalPodAutoscaler['status']>, conditions: HorizontalPodAutoscalerCondition[]): Promise<void> {
    const merged = [...(hpa.status?.conditions ?? []).filter((c) => !conditions.some((n) => n.type === c.type)), ...conditions];
    const next: HorizontalPodAutoscaler = { ...hpa, status: { ...status, observedGeneration: hpa.metadata.generation, conditions: merged } };
    try {
      await this.ctx.client.updateStatus(resources.horizontalPodAutoscalers, next);
    } catch (err) {
      if (!isApiError(err, 'NotFound')) throw err;
    }
  }
}
