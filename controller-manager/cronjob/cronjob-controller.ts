// The CronJob controller: creates a Job for each scheduled time, as
// Kubernetes' CronJob controller (v2) does. Each pass reconciles status.active
// with the Jobs the CronJob owns, prunes history, then acts on the most recent
// missed schedule (at most one catch-up) and requeues for the next one.
import { metaTime } from '../../api/meta-time.js';
import { CRONJOB_SCHEDULED_TIMESTAMP } from '../../api/batch/labels.js';
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { CronJob, CronJobStatus, Job, ObjectReference } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';

import type { Clock } from '../../client/clock.js';
import { ensureIndex, type ControllerContext } from '../common/controller-context.js';
import { controlledBy, CONTROLLER_UID_INDEX, controllerRefOf, controllerUidIndex, newControllerRef } from '../common/controller-ref.js';
import { QueueController } from '../common/queue-controller.js';
import { semanticEqual } from '../../api/validation/semantic-equal.js';
import { hasTrueCondition, isJobFinished } from '../job/job-conditions.js';
import { standardCronSchedule, type CronScheduleParser } from './cron-schedule.js';
import { earliestConsideredMs, mostRecentScheduleTime, TOO_MANY_MISSED } from './schedule-times.js';
import { jobsToPrune } from './history.js';

/** Requeue a little after the next activation, so the clock has surely passed it. */
export const NEXT_SCHEDULE_SLACK_MS = 100;
const MINUTE_MS = 60_000;

export interface CronJobControllerOptions {
  parseSchedule?: CronScheduleParser;
}

/** `<cronjob>-<scheduled minutes since the epoch>`: one name per scheduled time, so a retry cannot run it twice. */
export function jobNameFor(cj: CronJob, scheduledMs: number): string {
  return `${cj.metadata.name}-${Math.floor(scheduledMs / MINUTE_MS)}`;
}

function refTo(job: Job): ObjectReference {
  return { apiVersion: 'batch/v1', kind: 'Job', namespace: job.metadata.namespace, name: job.metadata.name, uid: job.metadata.uid, resourceVersion: job.metadata.resourceVersion };
}

/** The Job a CronJob creates for a scheduled time. */
export function jobFromTemplate(cj: CronJob, scheduledMs: number): Job {
  const template = cj.spec.jobTemplate;
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobNameFor(cj, scheduledMs),
      namespace: cj.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      annotations: { ...(meta.annotations ?? {}), [CRONJOB_SCHEDULED_TIMESTAMP]: metaTime(scheduledMs) },
      ownerReferences: [newControllerRef(cj)],
    },
    spec: structuredClone(template.spec),
  };
}

export class CronJobController extends QueueController {
  private readonly cronInformer: Informer<CronJob>;
  private readonly jobInformer: Informer<Job>;
  private readonly clock: Clock;
  private readonly parseSchedule: CronScheduleParser;

  constructor(ctx: ControllerContext, opts: CronJobControllerOptions = {}) {
    super(ctx, 'cronjob');
    this.clock = ctx.clock;
    this.parseSchedule = opts.parseSchedule ?? standardCronSchedule;
    this.cronInformer = ctx.factory.informerFor(resources.cronJobs);
    this.jobInformer = ctx.factory.informerFor(resources.jobs);
    ensureIndex(this.jobInformer.store, CONTROLLER_UID_INDEX, controllerUidIndex);
    this.enqueueChanges(this.cronInformer);
    const jobChanged = (job: Job): void => {
      const ref = controllerRefOf(job);
      if (ref?.kind !== 'CronJob') return;
      const cj = this.cronInformer.store.get(job.metadata.namespace ?? '', ref.name);
      if (cj && cj.metadata.uid === ref.uid) this.enqueue(cj);
    };
    this.jobInformer.addEventHandler({ onAdd: jobChanged, onUpdate: (_o, j) => jobChanged(j), onDelete: jobChanged });
  }

  async sync(key: string): Promise<void> {
    const cached = this.cronInformer.store.getByKey(key);
    if (!cached) return;
    const cj = structuredClone(cached);
    const owned = controlledBy(this.jobInformer.store, cj);
    const status: CronJobStatus = structuredClone(cj.status ?? {});
    this.reconcileActive(cj, status, owned);
    if (!cj.metadata.deletionTimestamp) await this.pruneHistory(cj, owned);
    const requeueAt = cj.metadata.deletionTimestamp || cj.spec.suspend ? undefined : await this.runSchedule(cj, status, owned);
    if (!semanticEqual(cj.status ?? {}, status)) {
      try {
        await this.ctx.client.updateStatus(resources.cronJobs, { ...cj, status });
      } catch (err) {
        if (isApiError(err, 'NotFound')) return;
        throw err;
      }
    }
    if (requeueAt !== undefined) this.queue.addAfter(key, Math.max(1, requeueAt - this.clock.now() + NEXT_SCHEDULE_SLACK_MS));
  }

  /** status.active lists exactly the owned Jobs still running; finished ones update lastSuccessfulTime; the newest scheduled one is lastScheduleTime. */
  private reconcileActive(cj: CronJob, status: CronJobStatus, owned: readonly Job[]): void {
    const byUid = new Map(owned.map((j) => [j.metadata.uid ?? '', j]));
    const active: ObjectReference[] = [];
    for (const ref of status.active ?? []) {
      const job = byUid.get(ref.uid ?? '');
      if (!job) continue;
      if (!isJobFinished(job)) {
        active.push(ref);
        continue;
      }
      const condition = hasTrueCondition(job.status, 'Complete') ? 'Complete' : 'Failed';
      this.ctx.recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata.name}, condition: ${condition}`);
    }
    for (const job of owned) {
      if (!isJobFinished(job) && !active.some((r) => r.uid === job.metadata.uid)) active.push(refTo(job));
      // A Job whose creation's status write was lost (a conflict, then the CronJob suspended) still counts as scheduled.
      const scheduled = job.metadata.annotations?.[CRONJOB_SCHEDULED_TIMESTAMP];
      if (scheduled && (!status.lastScheduleTime || Date.parse(scheduled) > Date.parse(status.lastScheduleTime))) status.lastScheduleTime = scheduled;
      const done = job.status?.completionTime;
      if (hasTrueCondition(job.status, 'Complete') && done && (!status.lastSuccessfulTime || Date.parse(done) > Date.parse(status.lastSuccessfulTime))) {
        status.lastSuccessfulTime = done;
      }
    }
    if (active.length > 0) status.active = active;
    else delete status.active;
  }

  private async pruneHistory(cj: CronJob, owned: readonly Job[]): Promise<void> {
    for (const job of jobsToPrune(owned, cj.spec.successfulJobsHistoryLimit, cj.spec.failedJobsHistoryLimit)) {
      await this.deleteJob(cj, job);
    }
  }

  private async deleteJob(cj: CronJob, job: Job): Promise<void> {
    try {
      await this.ctx.client.delete(resources.jobs, job.metadata.namespace ?? '', job.metadata.name ?? '', { propagationPolicy: 'Background' });
      this.ctx.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
    } catch (err) {
      if (!isApiError(err, 'NotFound')) throw err;
    }
  }

  /** Acts on the most recent due schedule; returns when to look again. */
  private async runSchedule(cj: CronJob, status: CronJobStatus, owned: readonly Job[]): Promise<number | undefined> {
    let schedule;
    try {
      schedule = this.parseSchedule(cj.spec.schedule, cj.spec.timeZone);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.recorder.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec.schedule)} : ${message}`);
      return undefined;
    }
    const now = this.clock.now();
    const { scheduledMs, missed } = mostRecentScheduleTime(schedule, earliestConsideredMs(cj, now), now);
    const next = schedule.next(now);
    if (missed > TOO_MANY_MISSED) {
      this.ctx.recorder.event(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
    }
    if (scheduledMs === undefined) return next;
    const deadline = cj.spec.startingDeadlineSeconds;
    if (deadline !== undefined && deadline !== null && scheduledMs + deadline * 1000 < now) {
      this.ctx.recorder.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${metaTime(scheduledMs)}`);
      return next;
    }
    const name = jobNameFor(cj, scheduledMs);
    if (owned.some((j) => j.metadata.name === name)) return next;
    const running = status.active ?? [];
    if (cj.spec.concurrencyPolicy === 'Forbid' && running.length > 0) {
      this.ctx.recorder.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return next;
    }
    if (cj.spec.concurrencyPolicy === 'Replace') {
      for (const ref of running) {
        const job = owned.find((j) => j.metadata.uid === ref.uid);
        if (job) await this.deleteJob(cj, job);
      }
      delete status.active;
    }
    let created: Job;
    try {
      created = await this.ctx.client.create(resources.jobs, jobFromTemplate(cj, scheduledMs));
      this.ctx.recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
    } catch (err) {
      if (!isApiError(err, 'AlreadyExists')) {
        this.ctx.recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${err instanceof Error ? err.message : String(err)}`);
        throw err;
      }
      // Made by an earlier pass whose status write was lost: record the time, do not run it twice.
      status.lastScheduleTime = metaTime(scheduledMs);
      return next;
    }
    status.active = [...(status.active ?? []), refTo(created)];
    status.lastScheduleTime = metaTime(scheduledMs);
    return next;
  }
}

