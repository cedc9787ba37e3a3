// The TTL-after-finished controller: deletes a finished Job (and, through
// foreground cascading deletion, its pods) ttlSecondsAfterFinished after it
// finished.
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { Job } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import type { Clock } from '../../client/clock.js';
import type { ControllerContext } from '../common/controller-context.js';
import { QueueController } from '../common/queue-controller.js';
import { jobCondition } from './job-conditions.js';

/** When the Job finished: its Complete or Failed condition's transition, else completionTime. */
export function finishedAtMs(job: Job): number | undefined {
  for (const type of ['Complete', 'Failed']) {
    const c = jobCondition(job.status, type);
    if (c?.status === 'True') {
      const at = Date.parse(c.lastTransitionTime ?? job.status?.completionTime ?? '');
      return Number.isNaN(at) ? undefined : at;
    }
  }
  return undefined;
}

/** Milliseconds until the Job may be deleted (<= 0: now), or undefined when it has no TTL or has not finished. */
export function ttlLeftMs(job: Job, nowMs: number): number | undefined {
  const ttl = job.spec.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null || job.metadata.deletionTimestamp) return undefined;
  const finished = finishedAtMs(job);
  return finished === undefined ? undefined : finished + ttl * 1000 - nowMs;
}

export class TtlAfterFinishedController extends QueueController {
  private readonly jobInformer: Informer<Job>;
  private readonly clock: Clock;

  constructor(ctx: ControllerContext) {
    super(ctx, 'ttl-after-finished');
    this.clock = ctx.clock;
    this.jobInformer = ctx.factory.informerFor(resources.jobs);
    this.jobInformer.addEventHandler({ onAdd: (job) => this.enqueue(job), onUpdate: (_old, job) => this.enqueue(job) });
  }

  async sync(key: string): Promise<void> {
    const job = this.jobInformer.store.getByKey(key);
    if (!job) return;
    const left = ttlLeftMs(job, this.clock.now());
    if (left === undefined) return;
    if (left > 0) {
      this.queue.addAfter(key, left);
      return;
    }
    try {
      await this.ctx.client.delete(resources.jobs, job.metadata.namespace ?? '', job.metadata.name ?? '', {
        propagationPolicy: 'Foreground',
        preconditions: { uid: job.metadata.uid, resourceVersion: job.metadata.resourceVersion },
      });
    } catch (err) {
      if (isApiError(err, 'NotFound')) return;
      // A Job changed since the cache saw it is judged again on its next event.
      if (isApiError(err, 'Conflict')) return;
      throw err;
    }
  }
}
