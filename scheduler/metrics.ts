// Prometheus metrics with kube-scheduler's names.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QueueLengths } from './queue/scheduling-queue.js';

export type AttemptResult = 'scheduled' | 'unschedulable' | 'error';

/** 1 ms to ~16 s, doubling: from an idle cluster to a large backlog. */
const LATENCY_BUCKETS_SECONDS = Array.from({ length: 15 }, (_, i) => 0.001 * 2 ** i);

/** 0.1 ms to ~0.8 s, doubling: one decision over the nodes. */
const ALGORITHM_BUCKETS_SECONDS = Array.from({ length: 14 }, (_, i) => 0.0001 * 2 ** i);

export class SchedulerMetrics {
  readonly registry: Registry;
  readonly attempts: Counter<'result' | 'profile'>;
  readonly e2eLatency: Histogram<'result' | 'profile'>;
  readonly podSchedulingDuration: Histogram<'attempts'>;
  readonly algorithmDuration: Histogram;
  readonly pendingPods: Gauge<'queue'>;
  readonly leader: Gauge<'name'>;
  private queueLengths: (() => QueueLengths) | undefined;

  constructor(registry = new Registry(), withProcessMetrics = false) {
    this.registry = registry;
    if (withProcessMetrics) collectDefaultMetrics({ register: registry });
    this.attempts = new Counter({
      name: 'scheduler_schedule_attempts_total',
      help: 'Number of attempts to schedule pods, by the result.',
      labelNames: ['result', 'profile'],
      registers: [registry],
    });
    this.e2eLatency = new Histogram({
      name: 'scheduler_e2e_scheduling_duration_seconds',
      help: 'E2e scheduling latency in seconds (scheduling algorithm + binding).',
      labelNames: ['result', 'profile'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [registry],
    });
    this.podSchedulingDuration = new Histogram({
      name: 'scheduler_pod_scheduling_duration_seconds',
      help: 'E2e latency for a pod being scheduled, from entering the queue to bound; may include several attempts.',
      labelNames: ['attempts'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [registry],
    });
    this.algorithmDuration = new Histogram({
      name: 'scheduler_scheduling_algorithm_duration_seconds',
      help: 'Scheduling algorithm latency in seconds (filter and score, no binding).',
      buckets: ALGORITHM_BUCKETS_SECONDS,
      registers: [registry],
    });
    this.pendingPods = new Gauge({
      name: 'scheduler_pending_pods',
      help: 'Number of pending pods, by the queue type.',
      labelNames: ['queue'],
      registers: [registry],
      collect: () => {
        const l = this.queueLengths?.();
        if (!l) return;
        this.pendingPods.set({ queue: 'active' }, l.active);
        this.pendingPods.set({ queue: 'backoff' }, l.backoff);
        this.pendingPods.set({ queue: 'unschedulable' }, l.unschedulable);
      },
    });
    this.leader = new Gauge({
      name: 'leader_election_master_status',
      help: '1 while this process holds the lease.',
      labelNames: ['name'],
      registers: [registry],
    });
  }

  /** The queue gauge reads `lengths` at every scrape. */
  observeQueue(lengths: () => QueueLengths): void {
    this.queueLengths = lengths;
  }
}
