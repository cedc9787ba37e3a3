// The scheduling loop: take the next pending pod, decide synchronously
// against the cache (so no event can slip in between deciding and assuming),
// assume and reserve, and run the binding cycle (pre-bind, bind) in the
// background while the next pod is decided.
import type { Logger } from 'pino';
import { isApiError } from '../api/errors.js';
import type { Node, Pod } from '../api/types/index.js';
import { SchedulerCache } from './cache/scheduler-cache.js';
import { FitError } from './framework/fit-error.js';
import { BindingCycleError, Framework } from './framework/framework.js';
import { NodeInfo } from './framework/node-info.js';
import { podKey } from './framework/pod-info.js';
import { SchedulerMetrics } from './metrics.js';
import { defaultFilterPlugins, defaultScorePlugins } from './plugins/default-plugins.js';
import { schedulingGatedCondition, unschedulableCondition, withPodCondition } from './pod-condition.js';
import { ASSIGNED_POD_ADD, ASSIGNED_POD_DELETE, NODE_ADD, nodeUpdateEvent, VOLUME_CHANGE } from './queue/cluster-event.js';
import { SchedulingQueue, type QueuedPodInfo } from './queue/scheduling-queue.js';
import type { SchedulerApi } from './scheduler-api.js';
import type { Clock } from '../client/clock.js';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
/** Binds in flight at once; beyond this the loop waits, so a slow apiserver is not flooded. */
export const MAX_CONCURRENT_BINDS = 256;
/** Marks a pod that failed because there were no nodes at all: only a new node can help. */
const NO_NODES = 'NoNodes';

export interface SchedulerOptions {
  api: SchedulerApi;
  logger: Logger;
  /** The only time the scheduler reads; the default queue and cache share it. */
  clock: Clock;
  schedulerName?: string;
  metrics?: SchedulerMetrics;
  framework?: Framework;
  queue?: SchedulingQueue;
  cache?: SchedulerCache;
  maxConcurrentBinds?: number;
  /** Only for metrics labels. */
  profile?: string;
}

function isAssigned(pod: Pod): boolean {
  return Boolean(pod.spec?.nodeName);
}

function isGated(pod: Pod): boolean {
  const gates = pod.spec?.schedulingGates;
  return Array.isArray(gates) && gates.length > 0;
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export class Scheduler {
  readonly schedulerName: string;
  readonly queue: SchedulingQueue;
  readonly cache: SchedulerCache;
  readonly metrics: SchedulerMetrics;
  private readonly framework: Framework;
  private readonly api: SchedulerApi;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly maxBinds: number;
  private readonly profile: string;
  private bindsInFlight = 0;
  private bindWaiters: (() => void)[] = [];
  /** Aborts binding cycles still waiting (volume binding) when the scheduler stops. */
  private readonly stopping = new AbortController();

  constructor(opts: SchedulerOptions) {
    this.api = opts.api;
    this.clock = opts.clock;
    this.logger = opts.logger;
    this.schedulerName = opts.schedulerName ?? DEFAULT_SCHEDULER_NAME;
    this.profile = opts.profile ?? this.schedulerName;
    this.metrics = opts.metrics ?? new SchedulerMetrics();
    this.framework = opts.framework ?? new Framework({ filters: defaultFilterPlugins(), scorers: defaultScorePlugins() });
    this.queue = opts.queue ?? new SchedulingQueue({ clock: this.clock });
    this.cache =
      opts.cache ??
      new SchedulerCache({ clock: this.clock, onExpire: (pod) => this.logger.warn({ ns: pod.metadata.namespace, pod: pod.metadata.name }, 'assumed pod expired') });
    this.maxBinds = opts.maxConcurrentBinds ?? MAX_CONCURRENT_BINDS;
    this.metrics.observeQueue(() => this.queue.lengths());
  }

  responsibleFor(pod: Pod): boolean {
    return (pod.spec?.schedulerName || DEFAULT_SCHEDULER_NAME) === this.schedulerName;
  }

  private wantsScheduling(pod: Pod): boolean {
    return this.responsibleFor(pod) && !pod.metadata.deletionTimestamp;
  }

  /** Gated pods wait outside the queue until their last scheduling gate is removed. */
  private reportGated(pod: Pod): void {
    const condition = schedulingGatedCondition(this.clock.now());
    if (!withPodCondition(pod, condition)) return;
    this.api.setPodCondition(pod, condition).catch((err: unknown) => {
      this.logger.warn({ err, ns: pod.metadata.namespace, pod: pod.metadata.name }, 'could not update pod condition');
    });
  }

  /** Starts the queue's flushes and the cache's expiry; safe before leading. */
  start(): void {
    this.queue.run();
    this.cache.run();
  }

  stop(): void {
    this.stopping.abort();
    this.queue.close();
    this.cache.stop();
  }

  /** Schedules until `signal` aborts (leadership lost, shutdown). */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (this.bindsInFlight >= this.maxBinds) {
        await new Promise<void>((resolve) => this.bindWaiters.push(resolve));
        continue;
      }
      const q = await this.queue.pop(signal);
      if (!q) break;
      this.scheduleOne(q);
      // Let watch events and bind replies in between pods, even with a long activeQ.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Resolves when no bind is in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.bindsInFlight > 0) await new Promise<void>((resolve) => this.bindWaiters.push(resolve));
  }

  // ---- informer handlers ----

  onPodAdd(pod: Pod): void {
    if (isAssigned(pod)) {
      if (isTerminal(pod)) return;
      this.cache.addPod(pod);
      this.queue.moveAllToActiveOrBackoff(ASSIGNED_POD_ADD);
      return;
    }
    if (!this.wantsScheduling(pod)) return;
    if (isGated(pod)) this.reportGated(pod);
    else this.queue.add(pod);
  }

  onPodUpdate(oldPod: Pod, newPod: Pod): void {
    if (isAssigned(newPod)) {
      if (!isAssigned(oldPod)) this.queue.delete(newPod);
      if (isTerminal(newPod)) {
        this.removeAssigned(newPod);
        return;
      }
      const wasCached = isAssigned(oldPod) && !isTerminal(oldPod);
      if (wasCached) this.cache.updatePod(newPod);
      else this.cache.addPod(newPod);
      if (!wasCached || JSON.stringify(oldPod.metadata.labels ?? {}) !== JSON.stringify(newPod.metadata.labels ?? {})) {
        this.queue.moveAllToActiveOrBackoff(ASSIGNED_POD_ADD);
      }
      return;
    }
    // Our own bind is in flight; the pod's next state comes with the bind.
    if (this.cache.isAssumed(podKey(newPod))) return;
    if (!this.wantsScheduling(newPod)) {
      this.queue.delete(newPod);
    } else if (isGated(newPod)) {
      this.queue.delete(newPod);
      this.reportGated(newPod);
    } else {
      this.queue.update(isGated(oldPod) ? undefined : oldPod, newPod);
    }
  }

  onPodDelete(pod: Pod): void {
    if (isAssigned(pod)) this.removeAssigned(pod);
    else this.queue.delete(pod);
  }

  onNodeAdd(node: Node): void {
    this.cache.addNode(node);
    this.queue.moveAllToActiveOrBackoff(NODE_ADD);
  }

  onNodeUpdate(oldNode: Node, newNode: Node): void {
    this.cache.updateNode(newNode);
    const event = nodeUpdateEvent(oldNode, newNode);
    if (event) this.queue.moveAllToActiveOrBackoff(event);
  }

  onNodeDelete(node: Node): void {
    this.cache.removeNode(node);
  }

  /** A claim, volume or storage class was added or changed. */
  onVolumeChange(): void {
    this.queue.moveAllToActiveOrBackoff(VOLUME_CHANGE);
  }

  // ---- one pod ----

  /** Decides for one pod; the bind (or the failure report) continues in the background. */
  scheduleOne(q: QueuedPodInfo): void {
    const pod = q.podInfo.pod;
    if (pod.metadata.deletionTimestamp || this.cache.isAssumed(q.podInfo.key)) return;
    const startMs = this.clock.now();
    const cycle = this.queue.cycle;
    let nodeName: string;
    const algorithmStart = performance.now();
    try {
      nodeName = this.framework.schedule(q.podInfo, this.cache.listNodes()).nodeName;
      this.metrics.algorithmDuration.observe((performance.now() - algorithmStart) / 1000);
    } catch (err) {
      if (err instanceof FitError) {
        this.handleUnschedulable(q, err, cycle, startMs);
        return;
      }
      this.logger.error({ err, ns: pod.metadata.namespace, pod: pod.metadata.name }, 'scheduling failed');
      this.handleError(q, cycle, startMs, err instanceof Error ? err.message : String(err));
      return;
    }
    const assumed: Pod = { ...pod, spec: { ...pod.spec, nodeName } };
    try {
      this.cache.assumePod(assumed, q.podInfo);
    } catch (err) {
      // The cache already holds it: it was bound meanwhile, and the informer has the truth.
      this.logger.warn({ err, ns: pod.metadata.namespace, pod: pod.metadata.name }, 'could not assume pod');
      return;
    }
    try {
      this.framework.reserve(q.podInfo, this.cache.getNode(nodeName) ?? new NodeInfo(nodeName));
    } catch (err) {
      if (!(err instanceof BindingCycleError)) throw err;
      this.cache.forgetPod(assumed);
      this.handleError(q, cycle, startMs, err.message);
      return;
    }
    this.bindsInFlight++;
    void this.bind(q, assumed, nodeName, cycle, startMs).finally(() => {
      this.bindsInFlight--;
      for (const wake of this.bindWaiters.splice(0)) wake();
    });
  }

  private async bind(q: QueuedPodInfo, assumed: Pod, nodeName: string, cycle: number, startMs: number): Promise<void> {
    const pod = q.podInfo.pod;
    const log = { ns: pod.metadata.namespace, pod: pod.metadata.name, node: nodeName };
    try {
      await this.framework.preBind(q.podInfo, nodeName, this.stopping.signal);
      await this.api.bind(pod, nodeName);
    } catch (err) {
      this.framework.unreserve(q.podInfo, nodeName);
      this.cache.forgetPod(assumed);
      // What the pod held on that node is free again.
      this.queue.moveAllToActiveOrBackoff(ASSIGNED_POD_DELETE);
      if (isApiError(err, 'NotFound') || isApiError(err, 'Conflict')) {
        // Deleted meanwhile, or already bound elsewhere: the informer brings the truth.
        this.logger.info({ ...log, reason: (err as { reason: string }).reason }, 'binding not needed any more');
        this.metrics.attempts.inc({ result: 'error', profile: this.profile });
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn({ ...log, err }, 'binding failed');
      this.handleError(q, cycle, startMs, err instanceof BindingCycleError ? message : `Binding rejected: ${message}`);
      return;
    }
    this.cache.finishBinding(assumed);
    const now = this.clock.now();
    this.metrics.attempts.inc({ result: 'scheduled', profile: this.profile });
    this.metrics.e2eLatency.observe({ result: 'scheduled', profile: this.profile }, (now - startMs) / 1000);
    this.metrics.podSchedulingDuration.observe({ attempts: String(Math.min(q.attempts, 15)) }, (now - q.initialAttemptTimestamp) / 1000);
    this.logger.debug(log, 'bound');
    this.api.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`);
  }

  private handleUnschedulable(q: QueuedPodInfo, err: FitError, cycle: number, startMs: number): void {
    const pod = q.podInfo.pod;
    const plugins = err.numAllNodes === 0 ? new Set([NO_NODES]) : err.unschedulablePlugins();
    this.queue.addUnschedulableIfNotPresent({ ...q, unschedulablePlugins: plugins }, cycle);
    this.metrics.attempts.inc({ result: 'unschedulable', profile: this.profile });
    this.metrics.e2eLatency.observe({ result: 'unschedulable', profile: this.profile }, (this.clock.now() - startMs) / 1000);
    this.logger.info({ ns: pod.metadata.namespace, pod: pod.metadata.name, reason: err.message }, 'unable to schedule pod');
    this.reportFailure(pod, err.message);
  }

  private handleError(q: QueuedPodInfo, cycle: number, startMs: number, message: string): void {
    this.queue.addUnschedulableIfNotPresent({ ...q, unschedulablePlugins: new Set() }, cycle);
    this.metrics.attempts.inc({ result: 'error', profile: this.profile });
    this.metrics.e2eLatency.observe({ result: 'error', profile: this.profile }, (this.clock.now() - startMs) / 1000);
    this.reportFailure(q.podInfo.pod, message);
  }

  private reportFailure(pod: Pod, message: string): void {
    this.api.event(pod, 'Warning', 'FailedScheduling', message);
    const condition = unschedulableCondition(message, this.clock.now());
    if (!withPodCondition(pod, condition)) return;
    this.api.setPodCondition(pod, condition).catch((err: unknown) => {
      this.logger.warn({ err, ns: pod.metadata.namespace, pod: pod.metadata.name }, 'could not update pod condition');
    });
  }

  private removeAssigned(pod: Pod): void {
    this.cache.removePod(pod);
    this.queue.moveAllToActiveOrBackoff(ASSIGNED_POD_DELETE);
  }
}
