// The Deployment controller: one ReplicaSet per pod template, rolled from old
// to new by the strategy (RollingUpdate within maxSurge / maxUnavailable, or
// Recreate), with revisions, rollback, pause, progress deadline and
// proportional scaling, as Kubernetes' deployment controller.
import { isApiError } from '../../api/errors.js';
import { matchesSelector, type Selector } from '../../api/labels/label-selector.js';
import type { Deployment, DeploymentStatus, Pod, ReplicaSet } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import { keyOf } from '../../client/object-key.js';
import { claimObjects, freshOwnerCheck } from '../common/claim.js';
import { ensureIndex, type ControllerContext } from '../common/controller-context.js';
import { QueueController } from '../common/queue-controller.js';
import { claimCandidates, controlledBy, CONTROLLER_UID_INDEX, controllerRefOf, controllerUidIndex, NAMESPACE_INDEX, namespaceIndex, newControllerRef } from '../common/controller-ref.js';
import { resolveControllerRef, selectingWorkloads } from '../common/owner-lookup.js';
import { WriteFence } from '../common/write-fence.js';
import {
  desiredReplicasOf,
  maxRevision,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  revisionOf,
  ROLLBACK_TO_ANNOTATION,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
} from './annotations.js';
import {
  calculateStatus,
  condition,
  getCondition,
  hasProgressDeadline,
  isComplete,
  PROGRESSING,
  REASON_FOUND_NEW_RS,
  REASON_NEW_RS_CREATED,
  REASON_PAUSED,
  REASON_RESUMED,
  REASON_TIMED_OUT,
  setCondition,
  statusEqual,
  updateProgressing,
  updateReplicaFailure,
} from './deployment-status.js';
import { isRollingUpdate, maxSurge } from './fenceposts.js';
import {
  activeReplicaSets,
  byCreation,
  isSaturated,
  newReplicaSetReplicas,
  proportionalSizes,
  rollingScaleDown,
  specReplicas,
} from './replica-math.js';
import { computeTemplateHash, equalIgnoreHash } from './template-hash.js';
import { planRollback } from './rollback.js';
import { workloadSelector } from '../common/workload-selector.js';
import { resources } from '../../api/resources.js';

/** Slack after a progress deadline before re-checking it, so the clock has surely passed it. */
export const DEADLINE_RECHECK_SLACK_MS = 500;
/** A sync held back by a write not yet in the cache is retried after this long at the latest. */
export const FENCE_RECHECK_MS = 1_000;

interface Split {
  newRS: ReplicaSet | undefined;
  oldRSs: ReplicaSet[];
}

export class DeploymentController extends QueueController {
  private readonly dInformer: Informer<Deployment>;
  private readonly rsInformer: Informer<ReplicaSet>;
  private readonly podInformer: Informer<Pod>;
  private readonly fence = new WriteFence(this.ctx.clock);

  constructor(ctx: ControllerContext) {
    super(ctx, 'deployment');
    this.dInformer = ctx.factory.informerFor(resources.deployments);
    this.rsInformer = ctx.factory.informerFor(resources.replicaSets);
    this.podInformer = ctx.factory.informerFor(resources.pods);
    ensureIndex(this.dInformer.store, NAMESPACE_INDEX, namespaceIndex);
    ensureIndex(this.rsInformer.store, NAMESPACE_INDEX, namespaceIndex);
    ensureIndex(this.rsInformer.store, CONTROLLER_UID_INDEX, controllerUidIndex);
    ensureIndex(this.podInformer.store, CONTROLLER_UID_INDEX, controllerUidIndex);
    this.enqueueChanges(this.dInformer);
    this.rsInformer.addEventHandler({
      onAdd: (rs) => {
        this.fence.observed(keyOf(rs), rs.metadata.resourceVersion);
        this.rsChanged(rs);
      },
      onUpdate: (old, rs) => {
        if (old.metadata.resourceVersion === rs.metadata.resourceVersion) return;
        this.fence.observed(keyOf(rs), rs.metadata.resourceVersion);
        const oldRef = controllerRefOf(old);
        if (oldRef && oldRef.uid !== controllerRefOf(rs)?.uid) this.rsChanged(old);
        this.rsChanged(rs);
      },
      onDelete: (rs) => {
        this.fence.observed(keyOf(rs), undefined);
        this.rsChanged(rs);
      },
    });
    // Recreate waits for old pods to be gone, so their deletion must wake it.
    this.podInformer.addEventHandler({ onDelete: (pod) => this.podDeleted(pod) });
  }

  private ownerOf(rs: ReplicaSet): Deployment | undefined {
    return resolveControllerRef(this.dInformer.store, 'Deployment', rs);
  }

  private rsChanged(rs: ReplicaSet): void {
    if (controllerRefOf(rs)) {
      const d = this.ownerOf(rs);
      if (d) this.enqueue(d);
      return;
    }
    for (const d of selectingWorkloads(this.dInformer.store, rs)) this.enqueue(d);
  }

  private podDeleted(pod: Pod): void {
    const ref = controllerRefOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return;
    const rs = this.rsInformer.store.get(pod.metadata.namespace ?? '', ref.name);
    if (!rs) return;
    const d = this.ownerOf(rs);
    if (d && d.spec.strategy?.type === 'Recreate') this.enqueue(d);
  }

  async sync(key: string): Promise<void> {
    const cached = this.dInformer.store.getByKey(key);
    if (!cached) return;
    let d = structuredClone(cached) as Deployment;
    const selector = workloadSelector(d);
    if (!selector || selector.requirements.length === 0) {
      this.ctx.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      return;
    }
    // Our last writes to its ReplicaSets are not in the cache yet: their
    // watch events will bring this Deployment back (the delayed add is a safety net).
    if (this.fence.waiting(this.fencedKeys(d))) {
      this.queue.addAfter(key, FENCE_RECHECK_MS);
      return;
    }
    const rsList = await this.claimReplicaSets(d, selector);
    if (d.metadata.deletionTimestamp) {
      await this.syncStatusOnly(d, rsList);
      return;
    }
    d = await this.checkPausedConditions(d);
    if (d.spec.paused) {
      await this.scaleAndCleanup(d, rsList);
      return;
    }
    if (d.metadata.annotations?.[ROLLBACK_TO_ANNOTATION] !== undefined) {
      await this.rollback(d, rsList);
      return;
    }
    if (this.isScalingEvent(d, rsList)) {
      await this.scaleAndCleanup(d, rsList);
      return;
    }
    if (d.spec.strategy?.type === 'Recreate') await this.rolloutRecreate(d, rsList);
    else await this.rolloutRolling(d, rsList);
  }

  private recordWrite(rs: ReplicaSet): void {
    const key = keyOf(rs);
    this.fence.wrote(key, rs.metadata.resourceVersion, this.rsInformer.store.getByKey(key)?.metadata.resourceVersion);
  }

  /** Keys of this Deployment's ReplicaSets, and of those it may have just created (not cached yet). */
  private fencedKeys(d: Deployment): string[] {
    const prefix = `${d.metadata.namespace ?? ''}/${d.metadata.name ?? ''}-`;
    const owned = new Set(this.freshList(d).map((rs) => keyOf(rs)));
    return this.fence.keys().filter((k) => owned.has(k) || k.startsWith(prefix));
  }

  private claimReplicaSets(d: Deployment, selector: Selector): Promise<ReplicaSet[]> {
    const candidates = claimCandidates(this.rsInformer.store, d);
    return claimObjects<ReplicaSet>(candidates, {
      client: this.ctx.client,
      resource: resources.replicaSets,
      owner: d,
      matches: (rs) => matchesSelector(selector, rs.metadata.labels),
      canAdopt: freshOwnerCheck(this.ctx.client, resources.deployments, d),
    });
  }

  /** The ReplicaSet whose template is the Deployment's (the oldest, if several), and the others. */
  private split(d: Deployment, rsList: readonly ReplicaSet[]): Split {
    const sorted = [...rsList].sort(byCreation);
    const newRS = sorted.find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
    return { newRS, oldRSs: sorted.filter((rs) => rs !== newRS) };
  }

  private isScalingEvent(d: Deployment, rsList: readonly ReplicaSet[]): boolean {
    const desired = d.spec.replicas ?? 1;
    for (const rs of activeReplicaSets(rsList)) {
      const annotated = desiredReplicasOf(rs);
      if (annotated !== undefined && annotated !== desired) return true;
    }
    return false;
  }

  /**
   * Finds or creates the new ReplicaSet and brings revisions up to date: the
   * new one gets max(old revisions) + 1, the Deployment carries it too.
   */
  private async syncRevision(d: Deployment, rsList: readonly ReplicaSet[], create: boolean): Promise<{ d: Deployment; split: Split }> {
    const { newRS: existing, oldRSs } = this.split(d, rsList);
    const newRevision = maxRevision(oldRSs) + 1;
    let newRS = existing;
    if (existing) {
      const copy = structuredClone(existing) as ReplicaSet;
      const annotationsChanged = setNewReplicaSetAnnotations(d, copy, newRevision, true, maxSurge(d));
      const minReadyChanged = (copy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
      if (annotationsChanged || minReadyChanged) {
        copy.spec.minReadySeconds = d.spec.minReadySeconds ?? 0;
        newRS = await this.ctx.client.update(resources.replicaSets, copy);
        this.recordWrite(newRS);
      }
    } else if (create) {
      newRS = await this.createNewReplicaSet(d, oldRSs, newRevision);
    }
    if (!newRS) return { d, split: { newRS, oldRSs } };
    d = await this.setDeploymentRevision(d, newRS);
    if (!getCondition(d.status, PROGRESSING) && hasProgressDeadline(d)) {
      const status = structuredClone(d.status ?? {}) as DeploymentStatus;
      const reason = existing ? REASON_FOUND_NEW_RS : REASON_NEW_RS_CREATED;
      const message = existing ? `Found new replica set "${newRS.metadata.name}"` : `Created new replica set "${newRS.metadata.name}"`;
      setCondition(status, condition(PROGRESSING, 'True', reason, message, this.ctx.clock.now()));
      d = await this.writeStatus(d, status);
    }
    return { d, split: { newRS, oldRSs } };
  }

  private async setDeploymentRevision(d: Deployment, newRS: ReplicaSet): Promise<Deployment> {
    const revision = newRS.metadata.annotations?.[REVISION_ANNOTATION];
    if (!revision || d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return d;
    const copy = structuredClone(d) as Deployment;
    copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision };
    return this.ctx.client.update(resources.deployments, copy);
  }

  private async createNewReplicaSet(d: Deployment, oldRSs: readonly ReplicaSet[], newRevision: number): Promise<ReplicaSet> {
    const hash = computeTemplateHash(d.spec.template, d.status?.collisionCount);
    const template = structuredClone(d.spec.template);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
    const selector = structuredClone(d.spec.selector);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: { ...(template.metadata.labels ?? {}) },
        ownerReferences: [newControllerRef(d)],
      },
      spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
    };
    rs.spec.replicas = newReplicaSetReplicas(d, [...oldRSs, rs], rs);
    setNewReplicaSetAnnotations(d, rs, newRevision, false, maxSurge(d));
    let created: ReplicaSet;
    try {
      created = await this.ctx.client.create(resources.replicaSets, rs);
      this.recordWrite(created);
    } catch (err) {
      if (!isApiError(err, 'AlreadyExists')) throw err;
      const found = await this.ctx.client.get(resources.replicaSets, d.metadata.namespace ?? '', rs.metadata.name ?? '');
      if (controllerRefOf(found)?.uid === d.metadata.uid && equalIgnoreHash(found.spec.template, d.spec.template)) return found;
      // A different ReplicaSet holds the name: bump the collision count so the next hash differs.
      const status = structuredClone(d.status ?? {}) as DeploymentStatus;
      status.collisionCount = (status.collisionCount ?? 0) + 1;
      await this.writeStatus(d, status);
      throw err;
    }
    this.ctx.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} to ${specReplicas(created)}`);
    return created;
  }

  /** Sets a ReplicaSet's size (and its desired/max annotations); answers the stored ReplicaSet. */
  private async scaleReplicaSet(rs: ReplicaSet, size: number, d: Deployment): Promise<ReplicaSet> {
    const copy = structuredClone(rs) as ReplicaSet;
    const desired = d.spec.replicas ?? 1;
    const annotationsChanged = setReplicasAnnotations(copy, desired, desired + maxSurge(d));
    const current = specReplicas(rs);
    if (current === size && !annotationsChanged) return rs;
    copy.spec.replicas = size;
    const stored = await this.ctx.client.update(resources.replicaSets, copy);
    this.recordWrite(stored);
    if (current !== size) {
      const verb = size > current ? 'up' : 'down';
      this.ctx.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${verb} replica set ${rs.metadata.name} to ${size}`);
    }
    return stored;
  }

  private async applySizes(d: Deployment, rss: readonly ReplicaSet[], sizes: Map<string, number>): Promise<boolean> {
    let changed = false;
    for (const rs of rss) {
      const size = sizes.get(rs.metadata.name ?? '');
      if (size === undefined || size === specReplicas(rs)) continue;
      await this.scaleReplicaSet(rs, size, d);
      changed = true;
    }
    return changed;
  }

  /** Resizes for a changed spec.replicas, without moving the rollout on. */
  private async scale(d: Deployment, split: Split): Promise<void> {
    const desired = d.spec.replicas ?? 1;
    const all = split.newRS ? [split.newRS, ...split.oldRSs] : split.oldRSs;
    const active = activeReplicaSets(all);
    const only = active.length === 1 ? active[0] : active.length === 0 ? (split.newRS ?? [...split.oldRSs].sort(byCreation).at(-1)) : undefined;
    if (only) {
      if (specReplicas(only) !== desired || desiredReplicasOf(only) !== desired) await this.scaleReplicaSet(only, desired, d);
      return;
    }
    if (isSaturated(d, split.newRS)) {
      for (const rs of activeReplicaSets(split.oldRSs)) await this.scaleReplicaSet(rs, 0, d);
      return;
    }
    if (isRollingUpdate(d)) {
      const sizes = proportionalSizes(d, active);
      for (const rs of active) await this.scaleReplicaSet(rs, sizes.get(rs.metadata.name ?? '') ?? specReplicas(rs), d);
    }
  }

  private async scaleAndCleanup(d: Deployment, rsList: readonly ReplicaSet[]): Promise<void> {
    const synced = await this.syncRevision(d, rsList, false);
    d = synced.d;
    await this.scale(d, synced.split);
    if (d.spec.paused) await this.cleanup(d, synced.split.oldRSs);
    await this.syncStatusOnly(d, this.freshList(d));
  }

  private async rolloutRolling(d: Deployment, rsList: readonly ReplicaSet[]): Promise<void> {
    const synced = await this.syncRevision(d, rsList, true);
    d = synced.d;
    const { newRS, oldRSs } = synced.split;
    if (!newRS) return;
    const all = [...oldRSs, newRS];
    const desired = d.spec.replicas ?? 1;
    if (specReplicas(newRS) !== desired) {
      const target = specReplicas(newRS) > desired ? desired : newReplicaSetReplicas(d, all, newRS);
      if (target !== specReplicas(newRS)) {
        await this.scaleReplicaSet(newRS, target, d);
        await this.syncRolloutStatus(d);
        return;
      }
    }
    if (await this.applySizes(d, oldRSs, rollingScaleDown(d, oldRSs, newRS))) {
      await this.syncRolloutStatus(d);
      return;
    }
    const status = calculateStatus(d, all, newRS, this.ctx.clock.now());
    if (isComplete(d, status)) await this.cleanup(d, oldRSs);
    await this.syncRolloutStatus(d);
  }

  private async rolloutRecreate(d: Deployment, rsList: readonly ReplicaSet[]): Promise<void> {
    let synced = await this.syncRevision(d, rsList, false);
    d = synced.d;
    const oldActive = activeReplicaSets(synced.split.oldRSs);
    if (oldActive.length > 0) {
      for (const rs of oldActive) await this.scaleReplicaSet(rs, 0, d);
      await this.syncRolloutStatus(d);
      return;
    }
    if (this.oldPodsRunning(synced.split.oldRSs)) {
      await this.syncRolloutStatus(d);
      return;
    }
    if (!synced.split.newRS) {
      synced = await this.syncRevision(d, this.freshList(d), true);
      d = synced.d;
    }
    const newRS = synced.split.newRS;
    if (newRS && specReplicas(newRS) !== (d.spec.replicas ?? 1)) await this.scaleReplicaSet(newRS, d.spec.replicas ?? 1, d);
    const status = calculateStatus(d, this.freshList(d), newRS, this.ctx.clock.now());
    if (isComplete(d, status)) await this.cleanup(d, synced.split.oldRSs);
    await this.syncRolloutStatus(d);
  }

  private oldPodsRunning(oldRSs: readonly ReplicaSet[]): boolean {
    for (const rs of oldRSs) {
      if ((rs.status?.replicas ?? 0) > 0) return true;
      for (const pod of controlledBy(this.podInformer.store, rs)) {
        const phase = pod.status?.phase;
        if (phase !== 'Succeeded' && phase !== 'Failed') return true;
      }
    }
    return false;
  }

  /** The Deployment's ReplicaSets as the cache has them now (after our own writes landed there or not). */
  private freshList(d: Deployment): ReplicaSet[] {
    return controlledBy(this.rsInformer.store, d);
  }

  /** Deletes the oldest fully scaled-down ReplicaSets beyond revisionHistoryLimit. */
  private async cleanup(d: Deployment, oldRSs: readonly ReplicaSet[]): Promise<void> {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const cleanable = oldRSs
      .filter((rs) => !rs.metadata.deletionTimestamp && specReplicas(rs) === 0 && (rs.status?.replicas ?? 0) === 0)
      .sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    const excess = cleanable.length - limit;
    for (const rs of cleanable.slice(0, Math.max(0, excess))) {
      try {
        await this.ctx.client.delete(resources.replicaSets, rs.metadata.namespace ?? '', rs.metadata.name ?? '', { preconditions: { uid: rs.metadata.uid } });
      } catch (err) {
        if (!isApiError(err, 'NotFound')) throw err;
      }
    }
  }

  private async rollback(d: Deployment, rsList: readonly ReplicaSet[]): Promise<void> {
    const { deployment, event } = planRollback(d, rsList);
    this.ctx.recorder.event(d, event.type, event.reason, event.message);
    await this.ctx.client.update(resources.deployments, deployment);
  }

  private async checkPausedConditions(d: Deployment): Promise<Deployment> {
    if (!hasProgressDeadline(d)) return d;
    const current = getCondition(d.status, PROGRESSING);
    if (current?.reason === REASON_TIMED_OUT) return d;
    const pausedNow = Boolean(d.spec.paused);
    const status = structuredClone(d.status ?? {}) as DeploymentStatus;
    if (pausedNow && current?.reason !== REASON_PAUSED) {
      setCondition(status, condition(PROGRESSING, 'Unknown', REASON_PAUSED, 'Deployment is paused', this.ctx.clock.now()));
    } else if (!pausedNow && current?.reason === REASON_PAUSED) {
      setCondition(status, condition(PROGRESSING, 'Unknown', REASON_RESUMED, 'Deployment is resumed', this.ctx.clock.now()));
    } else {
      return d;
    }
    return this.writeStatus(d, status);
  }

  private async syncStatusOnly(d: Deployment, rsList: readonly ReplicaSet[]): Promise<void> {
    const { newRS } = this.split(d, rsList);
    const status = calculateStatus(d, rsList, newRS, this.ctx.clock.now());
    await this.writeStatus(d, status);
  }

  /** Status from the cached ReplicaSets, Progressing and ReplicaFailure conditions, and a wake-up at the deadline. */
  private async syncRolloutStatus(d: Deployment): Promise<void> {
    const all = this.freshList(d);
    const { newRS } = this.split(d, all);
    const now = this.ctx.clock.now();
    const status = calculateStatus(d, all, newRS, now);
    updateProgressing(d, status, newRS, now);
    updateReplicaFailure(status, all, now);
    const written = await this.writeStatus(d, status);
    this.requeueAtDeadline(written, status, now);
  }

  private requeueAtDeadline(d: Deployment, status: DeploymentStatus, now: number): void {
    if (!hasProgressDeadline(d) || isComplete(d, status)) return;
    const c = getCondition(status, PROGRESSING);
    if (!c || c.status !== 'True') return;
    const from = Date.parse(c.lastUpdateTime ?? '');
    if (Number.isNaN(from)) return;
    const due = from + (d.spec.progressDeadlineSeconds ?? 0) * 1000 - now;
    this.queue.addAfter(keyOf(d), Math.max(0, due) + DEADLINE_RECHECK_SLACK_MS);
  }

  private async writeStatus(d: Deployment, status: DeploymentStatus): Promise<Deployment> {
    if (statusEqual(d.status, status)) return d;
    const copy = structuredClone(d) as Deployment;
    copy.status = status;
    try {
      return await this.ctx.client.updateStatus(resources.deployments, copy);
    } catch (err) {
      if (isApiError(err, 'NotFound')) return d;
      throw err;
    }
  }
}
