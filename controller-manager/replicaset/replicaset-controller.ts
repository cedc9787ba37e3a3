// The ReplicaSet controller: keeps spec.replicas pods that match the selector,
// adopting orphans and releasing pods that stop matching; reports status.
import { isApiError } from '../../api/errors.js';
import { matchesSelector } from '../../api/labels/label-selector.js';
import type { Pod, ReplicaSet, ReplicaSetStatus } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import { keyOf } from '../../client/object-key.js';
import { claimObjects, freshOwnerCheck } from '../common/claim.js';
import { ensureIndex, type ControllerContext } from '../common/controller-context.js';
import { QueueController } from '../common/queue-controller.js';
import { claimCandidates, controlledBy, CONTROLLER_UID_INDEX, controllerRefOf, controllerUidIndex, NAMESPACE_INDEX, namespaceIndex } from '../common/controller-ref.js';
import { resolveControllerRef, selectingWorkloads } from '../common/owner-lookup.js';
import { Expectations } from '../common/expectations.js';
import { deletionOrder, isPodActive, isPodReady, msUntilAvailable, podCountsChanged } from '../common/pod-util.js';
import { podFromTemplate } from '../common/pod-template.js';
import { BURST_REPLICAS, slowStartBatch } from '../common/slow-start.js';
import { calculateReplicaSetStatus, replicaSetStatusEqual } from './replicaset-status.js';
import { workloadSelector } from '../common/workload-selector.js';
import { resources } from '../../api/resources.js';

export { BURST_REPLICAS };
/** First slow-start batch of creates. */
export const SLOW_START_INITIAL_BATCH = 1;
/** A status write that conflicts is retried this often with a fresh read. */
export const STATUS_UPDATE_RETRIES = 1;
/** Extra wait after minReadySeconds before re-checking availability, so the clock has surely passed it. */
export const AVAILABILITY_RECHECK_SLACK_MS = 1_000;

export class ReplicaSetController extends QueueController {
  readonly expectations = new Expectations(this.ctx.clock);
  private readonly rsInformer: Informer<ReplicaSet>;
  private readonly podInformer: Informer<Pod>;
  private readonly burstReplicas: number;

  constructor(ctx: ControllerContext, burstReplicas = BURST_REPLICAS) {
    super(ctx, 'replicaset');
    this.burstReplicas = burstReplicas;
    this.rsInformer = ctx.factory.informerFor(resources.replicaSets);
    this.podInformer = ctx.factory.informerFor(resources.pods);
    ensureIndex(this.rsInformer.store, NAMESPACE_INDEX, namespaceIndex);
    ensureIndex(this.podInformer.store, CONTROLLER_UID_INDEX, controllerUidIndex);
    this.enqueueChanges(this.rsInformer);
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (old, pod) => this.updatePod(old, pod),
      onDelete: (pod) => this.deletePod(pod),
    });
  }

  /** The ReplicaSet a pod's controller reference points at, if it is in the cache with that uid. */
  private resolve(pod: Pod): ReplicaSet | undefined {
    return resolveControllerRef(this.rsInformer.store, 'ReplicaSet', pod);
  }

  private matchingReplicaSets(pod: Pod): ReplicaSet[] {
    return selectingWorkloads(this.rsInformer.store, pod);
  }

  private addPod(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) {
      this.deletePod(pod);
      return;
    }
    if (controllerRefOf(pod)) {
      const rs = this.resolve(pod);
      if (!rs) return;
      this.expectations.creationObserved(keyOf(rs));
      this.enqueue(rs);
      return;
    }
    for (const rs of this.matchingReplicaSets(pod)) this.enqueue(rs);
  }

  private updatePod(old: Pod, pod: Pod): void {
    if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(pod.metadata.labels ?? {});
    if (pod.metadata.deletionTimestamp) {
      this.deletePod(pod);
      if (labelsChanged) this.deletePod(old);
      return;
    }
    const oldRef = controllerRefOf(old);
    const newRef = controllerRefOf(pod);
    const refChanged = oldRef?.uid !== newRef?.uid;
    if (refChanged && oldRef) {
      const oldRs = this.resolve(old);
      if (oldRs) this.enqueue(oldRs);
    }
    if (newRef) {
      // The sync claims by labels and owner, and counts by podCountsChanged's fields; nothing else can change its result.
      if (!refChanged && !labelsChanged && !podCountsChanged(old, pod)) return;
      const rs = this.resolve(pod);
      if (!rs) return;
      this.enqueue(rs);
      const minReady = rs.spec.minReadySeconds ?? 0;
      if (minReady > 0 && !isPodReady(old) && isPodReady(pod)) {
        this.queue.addAfter(keyOf(rs), minReady * 1000 + AVAILABILITY_RECHECK_SLACK_MS);
      }
      return;
    }
    if (labelsChanged || refChanged) for (const rs of this.matchingReplicaSets(pod)) this.enqueue(rs);
  }

  private deletePod(pod: Pod): void {
    const rs = this.resolve(pod);
    if (!rs) return;
    this.expectations.deletionObserved(keyOf(rs), keyOf(pod));
    this.enqueue(rs);
  }

  /** One pass over one ReplicaSet; throwing requeues it with backoff. */
  async sync(key: string): Promise<void> {
    const cached = this.rsInformer.store.getByKey(key);
    if (!cached) {
      this.expectations.forget(key);
      return;
    }
    const rs = cached;
    const needsSync = this.expectations.satisfied(key);
    const selector = workloadSelector(rs);
    if (!selector) {
      this.ctx.recorder.event(rs, 'Warning', 'InvalidSelector', 'the selector is not valid');
      return;
    }
    const active = claimCandidates(this.podInformer.store, rs).filter(isPodActive);
    const owned = await claimObjects<Pod>(active, {
      client: this.ctx.client,
      resource: resources.pods,
      owner: rs,
      matches: (pod) => selector.requirements.length > 0 && matchesSelector(selector, pod.metadata.labels),
      canAdopt: freshOwnerCheck(this.ctx.client, resources.replicaSets, rs),
    });
    let manageError: unknown;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        await this.manageReplicas(key, rs, owned);
      } catch (err) {
        manageError = err;
      }
    }
    const now = this.ctx.clock.now();
    const status = calculateReplicaSetStatus(rs, owned, manageError, now);
    await this.writeStatus(rs, status);
    if (manageError !== undefined) throw manageError;
    this.requeueForAvailability(key, rs, owned, now);
  }

  private requeueForAvailability(key: string, rs: ReplicaSet, owned: readonly Pod[], now: number): void {
    const minReady = rs.spec.minReadySeconds ?? 0;
    if (minReady <= 0) return;
    let soonest: number | undefined;
    for (const pod of owned) {
      const wait = msUntilAvailable(pod, minReady, now);
      if (wait !== undefined) soonest = soonest === undefined ? wait : Math.min(soonest, wait);
    }
    if (soonest !== undefined) this.queue.addAfter(key, soonest + AVAILABILITY_RECHECK_SLACK_MS);
  }

  private async manageReplicas(key: string, rs: ReplicaSet, owned: readonly Pod[]): Promise<void> {
    const want = rs.spec.replicas ?? 1;
    const diff = owned.length - want;
    if (diff < 0) await this.createPods(key, rs, Math.min(-diff, this.burstReplicas));
    else if (diff > 0) await this.deletePods(key, rs, owned, Math.min(diff, this.burstReplicas));
  }

  private async createPods(key: string, rs: ReplicaSet, count: number): Promise<void> {
    this.expectations.expectCreations(key, count);
    const template = podFromTemplate(rs.spec.template, rs, `${rs.metadata.name}-`);
    const { successes, error } = await slowStartBatch(count, SLOW_START_INITIAL_BATCH, async () => {
      const pod = await this.ctx.client.create(resources.pods, structuredClone(template));
      this.ctx.recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
    });
    // Creates that failed or were never tried will not show up in the watch.
    for (let i = successes; i < count; i++) this.expectations.creationObserved(key);
    if (error !== undefined) {
      const message = error instanceof Error ? error.message : String(error);
      this.ctx.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${message}`);
      throw error;
    }
    this.logger.debug({ rs: key, created: count }, 'created pods');
  }

  private async deletePods(key: string, rs: ReplicaSet, owned: readonly Pod[], count: number): Promise<void> {
    const victims = deletionOrder(owned, this.relatedPods(rs, owned)).slice(0, count);
    this.expectations.expectDeletions(key, victims.map((p) => keyOf(p)));
    const results = await Promise.allSettled(
      victims.map(async (pod) => {
        try {
          await this.ctx.client.delete(resources.pods, pod.metadata.namespace ?? '', pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid } });
          this.ctx.recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
        } catch (err) {
          // Nothing will be seen for this pod: do not wait for it.
          this.expectations.deletionObserved(key, keyOf(pod));
          if (isApiError(err, 'NotFound')) return;
          throw err;
        }
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      this.ctx.recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${String(failed.reason)}`);
      throw failed.reason;
    }
  }

  /** The pods of this ReplicaSet and of its siblings (same controller, e.g. one Deployment's ReplicaSets). */
  private relatedPods(rs: ReplicaSet, owned: readonly Pod[]): Pod[] {
    const ref = controllerRefOf(rs);
    if (!ref) return [...owned];
    const siblings = this.rsInformer.store
      .byIndex(NAMESPACE_INDEX, rs.metadata.namespace ?? '')
      .filter((other) => other.metadata.uid !== rs.metadata.uid && controllerRefOf(other)?.uid === ref.uid);
    return [...owned, ...siblings.flatMap((other) => controlledBy(this.podInformer.store, other))];
  }

  private async writeStatus(rs: ReplicaSet, status: ReplicaSetStatus): Promise<void> {
    if (replicaSetStatusEqual(rs.status, status)) return;
    let current = rs;
    for (let attempt = 0; ; attempt++) {
      const next = structuredClone(current) as ReplicaSet;
      next.status = status;
      try {
        await this.ctx.client.updateStatus(resources.replicaSets, next);
        return;
      } catch (err) {
        if (isApiError(err, 'NotFound')) return;
        if (!isApiError(err, 'Conflict') || attempt >= STATUS_UPDATE_RETRIES) throw err;
        current = await this.ctx.client.get(resources.replicaSets, rs.metadata.namespace ?? '', rs.metadata.name ?? '');
        if (current.metadata.uid !== rs.metadata.uid) return;
      }
    }
  }
}
