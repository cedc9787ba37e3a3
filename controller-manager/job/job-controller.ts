// The Job controller: runs a Job's pods to completion. Each pass reads the Job
// and its pods from the caches, asks planJob what to do, writes the status
// first (so every outcome is recorded before a pod is released), then releases,
// deletes and creates pods.
import { JOB_TRACKING_FINALIZER } from '../../api/batch/labels.js';
import { isApiError } from '../../api/errors.js';
import { matchesSelector, selectorFromLabelSelector } from '../../api/labels/label-selector.js';
import { resources } from '../../api/resources.js';
import type { Job, JobStatus, Pod } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import { keyOf } from '../../client/object-key.js';
import { claimObjects, freshOwnerCheck } from '../common/claim.js';
import type { Clock } from '../../client/clock.js';
import { ensureIndex, type ControllerContext } from '../common/controller-context.js';
import { claimCandidates, CONTROLLER_UID_INDEX, controllerRefOf, controllerUidIndex } from '../common/controller-ref.js';
import { Expectations } from '../common/expectations.js';
import { ignoreNotFound } from '../common/not-found.js';
import { resolveControllerRef } from '../common/owner-lookup.js';
import { QueueController } from '../common/queue-controller.js';
import { semanticEqual } from '../../api/validation/semantic-equal.js';
import { hasTrackingFinalizer, podForJob } from './job-pods.js';
import { planJob, type JobPlan } from './job-plan.js';

export class JobController extends QueueController {
  readonly expectations: Expectations;
  private readonly jobInformer: Informer<Job>;
  private readonly podInformer: Informer<Pod>;
  private readonly clock: Clock;
  /** Uids whose finalizer we removed, until the cache shows it (Kubernetes' finalizer expectations). */
  private readonly released = new Map<string, Set<string>>();

  constructor(ctx: ControllerContext) {
    super(ctx, 'job');
    this.clock = ctx.clock;
    this.expectations = new Expectations(ctx.clock);
    this.jobInformer = ctx.factory.informerFor(resources.jobs);
    this.podInformer = ctx.factory.informerFor(resources.pods);
    ensureIndex(this.podInformer.store, CONTROLLER_UID_INDEX, controllerUidIndex);
    this.enqueueChanges(this.jobInformer);
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.podChanged(pod, true),
      onUpdate: (old, pod) => {
        if (old.metadata.resourceVersion !== pod.metadata.resourceVersion) this.podChanged(pod, false);
      },
      onDelete: (pod) => this.podChanged(pod, false),
    });
  }

  private podChanged(pod: Pod, added: boolean): void {
    if (!controllerRefOf(pod)) return;
    const job = resolveControllerRef(this.jobInformer.store, 'Job', pod);
    if (!job) return;
    if (added && !pod.metadata.deletionTimestamp) this.expectations.creationObserved(keyOf(job));
    this.enqueue(job);
  }

  async sync(key: string): Promise<void> {
    const job = this.jobInformer.store.getByKey(key);
    if (!job) {
      this.expectations.forget(key);
      this.released.delete(key);
      return;
    }
    if (job.metadata.deletionTimestamp) return;
    const pods = await this.ownedPods(job);
    const released = this.releasedFor(key, pods);
    const mayCreate = this.expectations.satisfied(key);
    const plan = planJob({ job, pods, nowMs: this.clock.now(), finalizerRemoved: released }, mayCreate);
    if (!(await this.writeStatus(job, plan.status))) return;
    for (const event of plan.events) this.ctx.recorder.event(job, event.type, event.reason, event.message);
    await this.releasePods(key, plan.releasePods);
    await this.deletePods(job, plan.deletePods);
    await this.createPods(key, job, plan);
    if (plan.requeueAfterMs !== undefined) this.queue.addAfter(key, Math.max(1, plan.requeueAfterMs));
  }

  /** Pods the Job controls and selects, finished ones included; matching orphans are adopted. */
  private async ownedPods(job: Job): Promise<Pod[]> {
    const selector = selectorFromLabelSelector(job.spec.selector);
    const candidates = claimCandidates(this.podInformer.store, job);
    return claimObjects<Pod>(candidates, {
      client: this.ctx.client,
      resource: resources.pods,
      owner: job,
      matches: (pod) => selector !== null && selector.requirements.length > 0 && matchesSelector(selector, pod.metadata.labels),
      canAdopt: freshOwnerCheck(this.ctx.client, resources.jobs, job),
    });
  }

  /** The released uids still worth remembering: those the cache shows with the finalizer. */
  private releasedFor(key: string, pods: readonly Pod[]): Set<string> {
    const mine = this.released.get(key) ?? new Set<string>();
    const stillShown = new Set(pods.filter(hasTrackingFinalizer).map((p) => p.metadata.uid ?? ''));
    for (const uid of mine) if (!stillShown.has(uid)) mine.delete(uid);
    this.released.set(key, mine);
    return mine;
  }

  /** False when the Job changed or went away meanwhile: the next pass starts from the fresh copy. */
  private async writeStatus(job: Job, status: JobStatus): Promise<boolean> {
    if (semanticEqual(job.status ?? {}, status)) return true;
    const next = structuredClone(job);
    next.status = status;
    try {
      await this.ctx.client.updateStatus(resources.jobs, next);
      return true;
    } catch (err) {
      if (isApiError(err, 'NotFound')) return false;
      throw err;
    }
  }

  private async releasePods(key: string, pods: readonly Pod[]): Promise<void> {
    const released = this.released.get(key) ?? new Set<string>();
    this.released.set(key, released);
    await Promise.all(
      pods.map(async (pod) => {
        const patch = { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [JOB_TRACKING_FINALIZER] } };
        await ignoreNotFound(this.ctx.client.patch(resources.pods, pod.metadata.namespace ?? '', pod.metadata.name ?? '', 'strategic', patch));
        released.add(pod.metadata.uid ?? '');
      }),
    );
  }

  private async deletePods(job: Job, pods: readonly Pod[]): Promise<void> {
    await Promise.all(
      pods.map(async (pod) => {
        try {
          await this.ctx.client.delete(resources.pods, pod.metadata.namespace ?? '', pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid } });
          this.ctx.recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
        } catch (err) {
          if (!isApiError(err, 'NotFound')) throw err;
        }
      }),
    );
  }

  private async createPods(key: string, job: Job, plan: JobPlan): Promise<void> {
    if (plan.create.length === 0) return;
    this.expectations.expectCreations(key, plan.create.length);
    const results = await Promise.allSettled(
      plan.create.map(async (index) => {
        const pod = await this.ctx.client.create(resources.pods, podForJob(job, index));
        this.ctx.recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
      }),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (let i = 0; i < failed.length; i++) this.expectations.creationObserved(key);
    if (failed.length > 0) {
      const message = failed[0].reason instanceof Error ? failed[0].reason.message : String(failed[0].reason);
      this.ctx.recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${message}`);
      throw failed[0].reason;
    }
  }
}
