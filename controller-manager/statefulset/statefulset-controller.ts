// The StatefulSet controller: pods `<name>-0..N-1` with stable names and
// hostnames; OrderedReady (create in order, each Running and Ready before the
// next; delete in reverse) or Parallel; RollingUpdate in reverse ordinal order
// down to the partition; revisions kept as ControllerRevisions; each ordinal's
// claims from volumeClaimTemplates created before its pod (stateful-claims.ts).
import { isApiError } from '../../api/errors.js';
import { matchesSelector } from '../../api/labels/label-selector.js';
import type { ControllerRevision, Pod, PodTemplateSpec, StatefulSet, StatefulSetStatus } from '../../api/types/index.js';
import type { PersistentVolumeClaim } from '../../api/types/storage.js';
import type { Informer } from '../../client/informer.js';
import { keyOf } from '../../client/object-key.js';
import { claimObjects, freshOwnerCheck } from '../common/claim.js';
import { ensureIndex, type ControllerContext } from '../common/controller-context.js';
import { QueueController } from '../common/queue-controller.js';
import { claimCandidates, controlledBy, CONTROLLER_UID_INDEX, controllerRefOf, controllerUidIndex, NAMESPACE_INDEX, namespaceIndex } from '../common/controller-ref.js';
import { resolveControllerRef, selectingWorkloads } from '../common/owner-lookup.js';
import { isPodAvailable, isPodReady, msUntilAvailable } from '../common/pod-util.js';
import { podFromTemplate } from '../common/pod-template.js';
import { CONTROLLER_REVISION_HASH_LABEL, ensureRevision, templateOf, truncateHistory } from '../common/controller-revisions.js';
import { workloadSelector } from '../common/workload-selector.js';
import { ignoreNotFound } from '../common/not-found.js';
import { resources } from '../../api/resources.js';
import { BURST_REPLICAS } from '../common/slow-start.js';
import { ensureClaims, withClaimVolumes, type ClaimAccess } from './stateful-claims.js';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** Slack after minReadySeconds before re-checking availability. */
const AVAILABILITY_RECHECK_SLACK_MS = 1_000;

/** The ordinal of `<sts>-<n>`, or undefined for a pod that is not one of this set's names. */
export function ordinalOf(stsName: string, pod: Pod): number | undefined {
  const name = pod.metadata.name ?? '';
  const prefix = `${stsName}-`;
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

function isHealthy(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod) && !pod.metadata.deletionTimestamp;
}

export class StatefulSetController extends QueueController {
  private readonly stsInformer: Informer<StatefulSet>;
  private readonly pods: Informer<Pod>;
  private readonly revisions: Informer<ControllerRevision>;
  private readonly claims: Informer<PersistentVolumeClaim>;
  private readonly burstReplicas: number;

  constructor(ctx: ControllerContext, burstReplicas = BURST_REPLICAS) {
    super(ctx, 'statefulset');
    this.burstReplicas = burstReplicas;
    this.stsInformer = ctx.factory.informerFor(resources.statefulSets);
    this.pods = ctx.factory.informerFor(resources.pods);
    this.revisions = ctx.factory.informerFor(resources.controllerRevisions);
    this.claims = ctx.factory.informerFor(resources.persistentVolumeClaims);
    ensureIndex(this.stsInformer.store, NAMESPACE_INDEX, namespaceIndex);
    ensureIndex(this.pods.store, CONTROLLER_UID_INDEX, controllerUidIndex);
    ensureIndex(this.revisions.store, CONTROLLER_UID_INDEX, controllerUidIndex);
    this.enqueueChanges(this.stsInformer);
    const podChanged = (pod: Pod): void => this.podChanged(pod);
    this.pods.addEventHandler({ onAdd: podChanged, onUpdate: (_o, p) => podChanged(p), onDelete: podChanged });
  }

  private podChanged(pod: Pod): void {
    if (controllerRefOf(pod)) {
      const sts = resolveControllerRef(this.stsInformer.store, 'StatefulSet', pod);
      if (sts) this.queue.add(keyOf(sts));
      return;
    }
    for (const sts of selectingWorkloads(this.stsInformer.store, pod)) this.queue.add(keyOf(sts));
  }

  async sync(key: string): Promise<void> {
    const sts = this.stsInformer.store.getByKey(key);
    if (!sts) return;
    const selector = workloadSelector(sts);
    if (!selector || selector.requirements.length === 0) return;
    const stsName = sts.metadata.name ?? '';
    const owned = await claimObjects<Pod>(claimCandidates(this.pods.store, sts), {
      client: this.ctx.client,
      resource: resources.pods,
      owner: sts,
      matches: (p) => matchesSelector(selector, p.metadata.labels) && ordinalOf(stsName, p) !== undefined,
      canAdopt: freshOwnerCheck(this.ctx.client, resources.statefulSets, sts),
    });
    const { update, current } = await this.syncRevisions(sts);
    if (!sts.metadata.deletionTimestamp) await this.manage(sts, owned, update, current);
    await this.writeStatus(sts, this.calculateStatus(sts, owned, update.metadata.name ?? '', current.metadata.name ?? ''));
  }

  /** The update revision (created or renumbered if needed) and the current one. */
  private async syncRevisions(sts: StatefulSet): Promise<{ update: ControllerRevision; current: ControllerRevision }> {
    const mine = controlledBy(this.revisions.store, sts);
    const update = await ensureRevision(this.ctx.client, sts, mine);
    const currentName = sts.status?.currentRevision;
    const current = (currentName && mine.find((r) => r.metadata.name === currentName)) || update;
    const inUse = new Set([update.metadata.name ?? '', current.metadata.name ?? '']);
    for (const pod of controlledBy(this.pods.store, sts)) inUse.add(pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '');
    await truncateHistory(this.ctx.client, sts, mine, inUse);
    return { update, current };
  }

  private async manage(sts: StatefulSet, owned: readonly Pod[], update: ControllerRevision, current: ControllerRevision): Promise<void> {
    const stsName = sts.metadata.name ?? '';
    const replicas = sts.spec.replicas ?? 1;
    const ordered = (sts.spec.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    // Keyed by ordinal, not an array of `replicas` slots: memory follows the pods that exist, not a user-given number.
    const slots = new Map<number, Pod>();
    const condemned: Pod[] = [];
    for (const pod of owned) {
      const n = ordinalOf(stsName, pod) as number;
      if (n < replicas) slots.set(n, pod);
      else condemned.push(pod);
    }
    let budget = this.burstReplicas;
    condemned.sort((a, b) => (ordinalOf(stsName, b) as number) - (ordinalOf(stsName, a) as number));
    const rolling = (sts.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
    // Only a RollingUpdate partition keeps new pods on the current revision: OnDelete recreates at the update revision.
    const partition = rolling ? (sts.spec.updateStrategy?.rollingUpdate?.partition ?? 0) : 0;
    const updateTemplate = sts.spec.template;
    const currentTemplate = templateOf(current) ?? updateTemplate;

    // Each pass visits the existing pods and at most `burstReplicas` missing ones; the creates' watch events bring the next pass.
    for (let i = 0; i < replicas; i++) {
      const pod = slots.get(i);
      if (!pod) {
        if (budget-- <= 0) return;
        const useCurrent = i < partition && current.metadata.name !== update.metadata.name;
        await this.createPod(sts, i, useCurrent ? currentTemplate : updateTemplate, useCurrent ? current : update);
        if (ordered) return;
        continue;
      }
      if (!pod.metadata.deletionTimestamp) await ensureClaims(this.claimAccess(sts), sts, i, pod, false);
      // A terminated pod is recreated whatever its exit: a stateful pod is meant to keep running.
      if ((pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') && !pod.metadata.deletionTimestamp) {
        await this.deletePod(sts, pod);
        if (ordered) return;
        continue;
      }
      if (ordered && !isHealthy(pod)) return;
    }

    for (const pod of condemned) {
      if (pod.metadata.deletionTimestamp) {
        if (ordered) return;
        continue;
      }
      if (ordered && (slots.size < replicas || [...slots.values()].some((p) => !isHealthy(p)))) return;
      // The claims learn their new owner before the pod goes, so a crash in between loses nothing.
      await ensureClaims(this.claimAccess(sts), sts, ordinalOf(stsName, pod) as number, pod, true);
      await this.deletePod(sts, pod);
      if (ordered) return;
    }

    if (!rolling) return;
    for (let i = replicas - 1; i >= partition; i--) {
      const pod = slots.get(i);
      if (!pod) return;
      if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== update.metadata.name && !pod.metadata.deletionTimestamp) {
        await this.deletePod(sts, pod);
        return;
      }
      if (!isHealthy(pod)) return;
    }
  }

  private async createPod(sts: StatefulSet, ordinal: number, template: PodTemplateSpec, revision: ControllerRevision): Promise<void> {
    const name = `${sts.metadata.name}-${ordinal}`;
    await ensureClaims(this.claimAccess(sts), sts, ordinal, undefined, false);
    const pod = withClaimVolumes(podFromTemplate(template, sts, ''), sts, ordinal);
    delete pod.metadata.generateName;
    pod.metadata.name = name;
    pod.metadata.labels = {
      ...(pod.metadata.labels ?? {}),
      [CONTROLLER_REVISION_HASH_LABEL]: revision.metadata.name ?? '',
      [POD_NAME_LABEL]: name,
      [POD_INDEX_LABEL]: String(ordinal),
    };
    pod.spec.hostname = name;
    if (sts.spec.serviceName) pod.spec.subdomain = sts.spec.serviceName;
    try {
      await this.ctx.client.create(resources.pods, pod);
      this.ctx.recorder.event(sts, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} successful`);
    } catch (err) {
      if (isApiError(err, 'AlreadyExists')) return;
      this.ctx.recorder.event(sts, 'Warning', 'FailedCreate', `create Pod ${name} in StatefulSet ${sts.metadata.name} failed error: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
  }

  private claimAccess(sts: StatefulSet): ClaimAccess {
    return {
      cached: (namespace, name) => this.claims.store.get(namespace, name),
      create: (claim, podName) => this.createClaim(sts, claim, podName),
      update: async (claim) => {
        await ignoreNotFound(this.ctx.client.update(resources.persistentVolumeClaims, claim));
      },
    };
  }

  private async createClaim(sts: StatefulSet, claim: PersistentVolumeClaim, podName: string): Promise<void> {
    const what = `Claim ${claim.metadata.name} Pod ${podName} in StatefulSet ${sts.metadata.name}`;
    try {
      await this.ctx.client.create(resources.persistentVolumeClaims, claim);
      this.ctx.recorder.event(sts, 'Normal', 'SuccessfulCreate', `create ${what} success`);
    } catch (err) {
      // The cache had not seen it yet: the claim is there, which is all the pod needs.
      if (isApiError(err, 'AlreadyExists')) return;
      this.ctx.recorder.event(sts, 'Warning', 'FailedCreate', `create ${what} failed error: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
  }

  private async deletePod(sts: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.ctx.client.delete(resources.pods, pod.metadata.namespace ?? '', pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid } });
      this.ctx.recorder.event(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} successful`);
    } catch (err) {
      if (!isApiError(err, 'NotFound') && !isApiError(err, 'Conflict')) throw err;
    }
  }

  private calculateStatus(sts: StatefulSet, owned: readonly Pod[], updateName: string, currentName: string): StatefulSetStatus {
    const now = this.ctx.clock.now();
    const minReady = sts.spec.minReadySeconds ?? 0;
    const desired = sts.spec.replicas ?? 1;
    let replicas = 0;
    let ready = 0;
    let available = 0;
    let currentReplicas = 0;
    let updated = 0;
    let recheck: number | undefined;
    for (const pod of owned) {
      if (pod.metadata.deletionTimestamp) continue;
      replicas++;
      if (isHealthy(pod)) {
        ready++;
        if (isPodAvailable(pod, minReady, now)) available++;
        const wait = msUntilAvailable(pod, minReady, now);
        if (wait !== undefined) recheck = recheck === undefined ? wait : Math.min(recheck, wait);
      }
      const rev = pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL];
      if (rev === currentName) currentReplicas++;
      if (rev === updateName) updated++;
    }
    if (recheck !== undefined) this.queue.addAfter(keyOf(sts), recheck + AVAILABILITY_RECHECK_SLACK_MS);
    let current = currentName;
    // The rollout is complete: the update revision becomes the current one.
    if (updated === desired && ready === desired && replicas === desired) {
      current = updateName;
      currentReplicas = updated;
    }
    const status: StatefulSetStatus = {
      observedGeneration: sts.metadata.generation ?? 0,
      replicas,
      readyReplicas: ready,
      availableReplicas: available,
      currentReplicas,
      updatedReplicas: updated,
      currentRevision: current,
      updateRevision: updateName,
      collisionCount: sts.status?.collisionCount ?? 0,
    };
    return status;
  }

  private async writeStatus(sts: StatefulSet, status: StatefulSetStatus): Promise<void> {
    const old = sts.status ?? ({} as StatefulSetStatus);
    const changed = (Object.keys(status) as (keyof StatefulSetStatus)[]).some((k) => JSON.stringify(old[k] ?? null) !== JSON.stringify(status[k] ?? null));
    if (!changed) return;
    const copy = structuredClone(sts) as StatefulSet;
    copy.status = { ...old, ...status };
    await ignoreNotFound(this.ctx.client.updateStatus(resources.statefulSets, copy));
  }
}
