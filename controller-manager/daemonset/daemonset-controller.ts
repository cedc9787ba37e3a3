// The DaemonSet controller: one pod per eligible node, created with the node
// already chosen; pods removed from nodes that leave or stop matching;
// RollingUpdate within maxUnavailable; status as kubectl prints it.
import { isApiError } from '../../api/errors.js';
import { matchesSelector } from '../../api/labels/label-selector.js';
import type { ControllerRevision, DaemonSet, DaemonSetStatus, Node, Pod } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import { keyOf } from '../../client/object-key.js';
import { claimObjects, freshOwnerCheck } from '../common/claim.js';
import { ensureIndex, type ControllerContext } from '../common/controller-context.js';
import { QueueController } from '../common/queue-controller.js';
import { claimCandidates, controlledBy, CONTROLLER_UID_INDEX, controllerRefOf, controllerUidIndex, NAMESPACE_INDEX, namespaceIndex } from '../common/controller-ref.js';
import { resolveControllerRef, selectingWorkloads } from '../common/owner-lookup.js';
import { CONTROLLER_REVISION_HASH_LABEL, ensureRevision, templateHash, truncateHistory } from '../common/controller-revisions.js';
import { Expectations } from '../common/expectations.js';
import { isPodAvailable, isPodReady, msUntilAvailable } from '../common/pod-util.js';
import { podFromTemplate } from '../common/pod-template.js';
import { scaledValue } from '../../api/scaled-value.js';
import { daemonTolerations, nodeEligibility } from './node-eligibility.js';
import { workloadSelector } from '../common/workload-selector.js';
import { ignoreNotFound } from '../common/not-found.js';
import { resources } from '../../api/resources.js';

export { CONTROLLER_REVISION_HASH_LABEL };
/** Slack after minReadySeconds before re-checking availability. */
const AVAILABILITY_RECHECK_SLACK_MS = 1_000;

export class DaemonSetController extends QueueController {
  readonly expectations = new Expectations(this.ctx.clock);
  private readonly dsInformer: Informer<DaemonSet>;
  private readonly nodes: Informer<Node>;
  private readonly pods: Informer<Pod>;
  private readonly revisions: Informer<ControllerRevision>;

  constructor(ctx: ControllerContext) {
    super(ctx, 'daemonset');
    this.dsInformer = ctx.factory.informerFor(resources.daemonSets);
    this.nodes = ctx.factory.informerFor(resources.nodes);
    this.pods = ctx.factory.informerFor(resources.pods);
    this.revisions = ctx.factory.informerFor(resources.controllerRevisions);
    ensureIndex(this.revisions.store, CONTROLLER_UID_INDEX, controllerUidIndex);
    ensureIndex(this.dsInformer.store, NAMESPACE_INDEX, namespaceIndex);
    ensureIndex(this.pods.store, CONTROLLER_UID_INDEX, controllerUidIndex);
    this.enqueueChanges(this.dsInformer);
    const all = (): void => {
      for (const key of this.dsInformer.store.listKeys()) this.queue.add(key);
    };
    this.nodes.addEventHandler({
      onAdd: all,
      onUpdate: (old, node) => {
        if (old.metadata.resourceVersion === node.metadata.resourceVersion) return;
        if (JSON.stringify([old.metadata.labels, old.spec?.taints]) !== JSON.stringify([node.metadata.labels, node.spec?.taints])) all();
      },
      onDelete: all,
    });
    this.pods.addEventHandler({
      onAdd: (pod) => this.podEvent(pod, 'add'),
      onUpdate: (old, pod) => {
        if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
        this.podEvent(pod, pod.metadata.deletionTimestamp ? 'delete' : 'update');
      },
      onDelete: (pod) => this.podEvent(pod, 'delete'),
    });
  }

  private podEvent(pod: Pod, what: 'add' | 'update' | 'delete'): void {
    if (!controllerRefOf(pod)) {
      if (what === 'delete') return;
      for (const ds of selectingWorkloads(this.dsInformer.store, pod)) this.queue.add(keyOf(ds));
      return;
    }
    const ds = resolveControllerRef(this.dsInformer.store, 'DaemonSet', pod);
    if (!ds) return;
    const key = keyOf(ds);
    if (what === 'add' && !pod.metadata.deletionTimestamp) this.expectations.creationObserved(key);
    if (what === 'delete') this.expectations.deletionObserved(key, keyOf(pod));
    this.queue.add(key);
  }

  async sync(key: string): Promise<void> {
    const ds = this.dsInformer.store.getByKey(key);
    if (!ds) {
      this.expectations.forget(key);
      return;
    }
    const selector = workloadSelector(ds);
    if (!selector || selector.requirements.length === 0) return;
    const candidates = claimCandidates(this.pods.store, ds).filter((p) => !p.metadata.deletionTimestamp);
    const owned = await claimObjects<Pod>(candidates, {
      client: this.ctx.client,
      resource: resources.pods,
      owner: ds,
      matches: (p) => matchesSelector(selector, p.metadata.labels),
      canAdopt: freshOwnerCheck(this.ctx.client, resources.daemonSets, ds),
    });
    const hash = templateHash(ds);
    await this.syncRevisions(ds, owned, hash);
    const nodes = this.nodes.store.list();
    const byNode = new Map<string, Pod[]>();
    for (const pod of owned) {
      const n = pod.spec.nodeName ?? '';
      byNode.set(n, [...(byNode.get(n) ?? []), pod]);
    }
    if (this.expectations.satisfied(key) && !ds.metadata.deletionTimestamp) {
      await this.manage(key, ds, nodes, byNode, hash);
    }
    await this.writeStatus(ds, this.calculateStatus(ds, nodes, byNode, hash));
  }

  /** Keeps a ControllerRevision per template (for rollout history and undo), pruned to revisionHistoryLimit. */
  private async syncRevisions(ds: DaemonSet, owned: readonly Pod[], hash: string): Promise<void> {
    const mine = controlledBy(this.revisions.store, ds);
    const current = await ensureRevision(this.ctx.client, ds, mine);
    const inUse = new Set([current.metadata.name ?? '']);
    for (const pod of owned) inUse.add(`${ds.metadata.name}-${pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? hash}`);
    await truncateHistory(this.ctx.client, ds, mine, inUse);
  }

  private async manage(key: string, ds: DaemonSet, nodes: readonly Node[], byNode: Map<string, Pod[]>, hash: string): Promise<void> {
    const create: string[] = [];
    const remove: Pod[] = [];
    const known = new Set(nodes.map((n) => n.metadata.name ?? ''));
    for (const node of nodes) {
      const name = node.metadata.name ?? '';
      const { shouldRun, shouldContinueRunning } = nodeEligibility(ds, node);
      const pods = byNode.get(name) ?? [];
      const failed = pods.filter((p) => p.status?.phase === 'Failed');
      const running = pods.filter((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded');
      if (shouldRun && running.length === 0) create.push(name);
      if (shouldContinueRunning) {
        remove.push(...failed);
        remove.push(...this.extraPods(ds, running, hash));
      } else {
        remove.push(...pods);
      }
    }
    // Pods on nodes that left the cluster (or were never bound to one we know).
    for (const [nodeName, pods] of byNode) if (!known.has(nodeName)) remove.push(...pods);
    if (create.length === 0 && remove.length === 0) {
      if (maxSurgeOf(ds, nodes) > 0) create.push(...this.surgeNodes(ds, nodes, byNode, hash));
      else remove.push(...this.rollingUpdateVictims(ds, nodes, byNode, hash));
    }

    // One expectation for both: creates must not be forgotten while deletes are awaited.
    this.expectations.expect(key, create.length, remove.map((p) => keyOf(p)));
    const errors: unknown[] = [];
    await Promise.all(create.map((nodeName) => this.createPod(key, ds, nodeName, hash).catch((err: unknown) => errors.push(err))));
    await Promise.all(remove.map((pod) => this.deletePod(key, ds, pod).catch((err: unknown) => errors.push(err))));
    if (errors.length > 0) throw errors[0];
  }

  /**
   * More than one daemon pod on a node: keep the oldest. While surging, keep
   * the oldest of the new template and the oldest of the others, and that old
   * one only until the new one is available.
   */
  private extraPods(ds: DaemonSet, running: readonly Pod[], hash: string): Pod[] {
    const sorted = [...running].sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? ''));
    if (!isSurgeStrategy(ds)) return sorted.slice(1);
    const newPod = sorted.find((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash);
    const oldPod = sorted.find((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== hash);
    const extra = sorted.filter((p) => p !== newPod && p !== oldPod);
    if (newPod && oldPod && isPodAvailable(newPod, ds.spec.minReadySeconds ?? 0, this.ctx.clock.now())) extra.push(oldPod);
    return extra;
  }

  /**
   * RollingUpdate with maxSurge: nodes that get a new pod next to their old
   * one. A node whose old pod is unavailable gets one freely; others only
   * while fewer than maxSurge new pods are waiting to become available.
   */
  private surgeNodes(ds: DaemonSet, nodes: readonly Node[], byNode: Map<string, Pod[]>, hash: string): string[] {
    const now = this.ctx.clock.now();
    const minReady = ds.spec.minReadySeconds ?? 0;
    const free: string[] = [];
    const candidates: string[] = [];
    let surging = 0;
    for (const node of nodes) {
      if (!nodeEligibility(ds, node).shouldRun) continue;
      const name = node.metadata.name ?? '';
      const pods = (byNode.get(name) ?? []).filter((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded');
      const newPod = pods.find((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash);
      const oldPod = pods.find((p) => p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== hash);
      if (!oldPod) continue;
      if (newPod) {
        if (!isPodAvailable(newPod, minReady, now)) surging++;
        continue;
      }
      if (isPodAvailable(oldPod, minReady, now)) candidates.push(name);
      else free.push(name);
    }
    const room = Math.max(0, maxSurgeOf(ds, nodes) - surging);
    return [...free, ...candidates.slice(0, room)];
  }

  /** Old-template pods to delete now: unavailable ones freely, available ones within maxUnavailable. */
  private rollingUpdateVictims(ds: DaemonSet, nodes: readonly Node[], byNode: Map<string, Pod[]>, hash: string): Pod[] {
    if ((ds.spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return [];
    const now = this.ctx.clock.now();
    const minReady = ds.spec.minReadySeconds ?? 0;
    const eligible = nodes.filter((n) => nodeEligibility(ds, n).shouldRun);
    const maxUnavailable = Math.max(1, scaledValue(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, eligible.length, true));
    let unavailable = 0;
    const oldAvailable: Pod[] = [];
    const victims: Pod[] = [];
    for (const node of eligible) {
      const pod = (byNode.get(node.metadata.name ?? '') ?? [])[0];
      if (!pod) {
        unavailable++;
        continue;
      }
      const available = isPodAvailable(pod, minReady, now);
      const isOld = pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== hash;
      if (!available) {
        unavailable++;
        if (isOld) victims.push(pod);
      } else if (isOld) {
        oldAvailable.push(pod);
      }
    }
    for (const pod of oldAvailable) {
      if (unavailable >= maxUnavailable) break;
      victims.push(pod);
      unavailable++;
    }
    return victims;
  }

  private async createPod(key: string, ds: DaemonSet, nodeName: string, hash: string): Promise<void> {
    const pod = podFromTemplate(ds.spec.template, ds, `${ds.metadata.name}-`);
    pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash };
    pod.spec.nodeName = nodeName;
    pod.spec.tolerations = daemonTolerations(pod.spec);
    try {
      const created = await this.ctx.client.create(resources.pods, pod);
      this.ctx.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (err) {
      this.expectations.creationObserved(key);
      this.ctx.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
  }

  private async deletePod(key: string, ds: DaemonSet, pod: Pod): Promise<void> {
    try {
      await this.ctx.client.delete(resources.pods, pod.metadata.namespace ?? '', pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid } });
      this.ctx.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
    } catch (err) {
      this.expectations.deletionObserved(key, keyOf(pod));
      if (!isApiError(err, 'NotFound')) throw err;
    }
  }

  private calculateStatus(ds: DaemonSet, nodes: readonly Node[], byNode: Map<string, Pod[]>, hash: string): DaemonSetStatus {
    const now = this.ctx.clock.now();
    const minReady = ds.spec.minReadySeconds ?? 0;
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    let recheckMs: number | undefined;
    for (const node of nodes) {
      const { shouldRun } = nodeEligibility(ds, node);
      // The oldest pod speaks for the node, as Kubernetes: a surge pod counts once the old one is gone.
      const pods = (byNode.get(node.metadata.name ?? '') ?? [])
        .filter((p) => !p.metadata.deletionTimestamp)
        .sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? ''));
      if (shouldRun) desired++;
      if (pods.length === 0) continue;
      if (!shouldRun) {
        misscheduled++;
        continue;
      }
      current++;
      const pod = pods[0] as Pod;
      if (isPodReady(pod)) {
        ready++;
        if (isPodAvailable(pod, minReady, now)) available++;
        const wait = msUntilAvailable(pod, minReady, now);
        if (wait !== undefined) recheckMs = recheckMs === undefined ? wait : Math.min(recheckMs, wait);
      }
      if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) updated++;
    }
    if (recheckMs !== undefined) this.queue.addAfter(keyOf(ds), recheckMs + AVAILABILITY_RECHECK_SLACK_MS);
    return {
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: desired,
      numberReady: ready,
      observedGeneration: ds.metadata.generation ?? 0,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      numberUnavailable: Math.max(0, desired - available),
    };
  }

  private async writeStatus(ds: DaemonSet, status: DaemonSetStatus): Promise<void> {
    const { conditions: _c, collisionCount: _cc, ...old } = ds.status ?? ({} as DaemonSetStatus);
    if (JSON.stringify(sortKeys(old)) === JSON.stringify(sortKeys(status))) return;
    const copy = structuredClone(ds) as DaemonSet;
    copy.status = { ...(ds.status ?? {}), ...status };
    await ignoreNotFound(this.ctx.client.updateStatus(resources.daemonSets, copy));
  }
}

function isSurgeStrategy(ds: DaemonSet): boolean {
  if ((ds.spec.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return false;
  const surge = ds.spec.updateStrategy?.rollingUpdate?.maxSurge;
  return surge !== undefined && surge !== 0 && surge !== '0' && surge !== '0%';
}

/** maxSurge of a RollingUpdate as a number of nodes (a percentage of the eligible ones, rounded up); 0 otherwise. */
function maxSurgeOf(ds: DaemonSet, nodes: readonly Node[]): number {
  if (!isSurgeStrategy(ds)) return 0;
  const eligible = nodes.filter((n) => nodeEligibility(ds, n).shouldRun).length;
  return scaledValue(ds.spec.updateStrategy?.rollingUpdate?.maxSurge, eligible, true);
}

function sortKeys(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
