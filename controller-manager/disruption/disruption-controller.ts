// The disruption controller: keeps each PodDisruptionBudget's status
// (expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed, the
// DisruptionAllowed condition) true to its pods, and forgets evictions whose
// pods were seen going. The eviction subresource reads that status to refuse
// evictions the budget cannot afford.
import { metaTime } from '../../api/meta-time.js';
import { isApiError } from '../../api/errors.js';
import { matchesSelector, selectorFromLabelSelector } from '../../api/labels/label-selector.js';
import { SYNC_FAILED_REASON, withCondition } from '../../api/policy/disruption-allowed.js';
import { resources } from '../../api/resources.js';
import type { Pod, PodDisruptionBudget, PodDisruptionBudgetStatus } from '../../api/types/index.js';
import { semanticEqual } from '../../api/validation/semantic-equal.js';
import type { Informer } from '../../client/informer.js';
import type { Clock } from '../../client/clock.js';
import { ensureIndex, type ControllerContext } from '../common/controller-context.js';
import { NAMESPACE_INDEX, namespaceIndex } from '../common/controller-ref.js';
import { QueueController } from '../common/queue-controller.js';
import { budgetStatus, needsControllerScale, pendingDisruptions } from './budget-status.js';
import { expectedScale, type ScaleSources } from './expected-scale.js';

export class DisruptionController extends QueueController {
  private readonly pdbInformer: Informer<PodDisruptionBudget>;
  private readonly podInformer: Informer<Pod>;
  private readonly scales: ScaleSources;
  private readonly clock: Clock;

  constructor(ctx: ControllerContext) {
    super(ctx, 'disruption');
    this.clock = ctx.clock;
    this.pdbInformer = ctx.factory.informerFor(resources.podDisruptionBudgets);
    this.podInformer = ctx.factory.informerFor(resources.pods);
    ensureIndex(this.pdbInformer.store, NAMESPACE_INDEX, namespaceIndex);
    ensureIndex(this.podInformer.store, NAMESPACE_INDEX, namespaceIndex);
    this.scales = {
      replicaSets: ctx.factory.informerFor(resources.replicaSets).store,
      deployments: ctx.factory.informerFor(resources.deployments).store,
      statefulSets: ctx.factory.informerFor(resources.statefulSets).store,
    };
    this.enqueueChanges(this.pdbInformer);
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.podChanged(pod),
      onUpdate: (_old, pod) => this.podChanged(pod),
      onDelete: (pod) => this.podChanged(pod),
    });
  }

  /** Wakes every budget of the pod's namespace that selects it. */
  private podChanged(pod: Pod): void {
    for (const pdb of this.pdbInformer.store.byIndex(NAMESPACE_INDEX, pod.metadata.namespace ?? '')) {
      if (this.selects(pdb, pod)) this.enqueue(pdb);
    }
  }

  private selects(pdb: PodDisruptionBudget, pod: Pod): boolean {
    try {
      return matchesSelector(selectorFromLabelSelector(pdb.spec.selector), pod.metadata.labels);
    } catch {
      return false;
    }
  }

  async sync(key: string): Promise<void> {
    const pdb = this.pdbInformer.store.getByKey(key);
    if (!pdb || pdb.metadata.deletionTimestamp) return;
    const nowMs = this.clock.now();
    const pods = this.podInformer.store.byIndex(NAMESPACE_INDEX, pdb.metadata.namespace ?? '').filter((p) => this.selects(pdb, p));
    if (pods.length === 0) this.ctx.recorder.event(pdb, 'Normal', 'NoPods', 'No matching pods found');
    let scale = 0;
    if (needsControllerScale(pdb)) {
      try {
        scale = expectedScale(this.scales, pods);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.ctx.recorder.event(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${message}`);
        await this.write(pdb, this.failSafe(pdb, message, nowMs));
        return;
      }
    }
    const { pending, recheckAtMs, overdue } = pendingDisruptions(pdb, pods, nowMs);
    for (const pod of overdue) {
      this.ctx.recorder.event(pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.name} to be deleted but it wasn't`);
    }
    await this.write(pdb, budgetStatus(pdb, pods, scale, pending, metaTime(nowMs)));
    if (recheckAtMs !== undefined) this.queue.addAfter(key, Math.max(1, recheckAtMs - nowMs));
  }

  /** No disruption while the budget cannot be computed, and the condition says why. */
  private failSafe(pdb: PodDisruptionBudget, message: string, nowMs: number): PodDisruptionBudgetStatus {
    const status: PodDisruptionBudgetStatus = { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, ...(pdb.status ?? {}), disruptionsAllowed: 0 };
    const condition = { type: 'DisruptionAllowed', status: 'False' as const, reason: SYNC_FAILED_REASON, message };
    return { ...status, conditions: withCondition(status.conditions, condition, metaTime(nowMs)) };
  }

  /** A status write guarded by the cached resourceVersion: an eviction that wrote meanwhile wins, and the budget is judged again. */
  private async write(pdb: PodDisruptionBudget, status: PodDisruptionBudgetStatus): Promise<void> {
    if (semanticEqual(pdb.status ?? {}, status)) return;
    try {
      await this.ctx.client.updateStatus(resources.podDisruptionBudgets, { ...pdb, status });
    } catch (err) {
      if (isApiError(err, 'NotFound')) return;
      throw err;
    }
  }
}
