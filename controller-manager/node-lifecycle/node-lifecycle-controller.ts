// The node lifecycle controller: a node whose Lease is not renewed within the
// grace period turns Ready=Unknown and gets the unreachable taints; its pods
// are marked not ready; pods on NoExecute-tainted nodes are evicted when their
// tolerations run out, so their controllers replace them elsewhere.
import { isApiError } from '../../api/errors.js';
import type { Lease, Node, Pod } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import { ensureIndex, type ControllerContext } from '../common/controller-context.js';
import { QueueController } from '../common/queue-controller.js';
import { evictionTime } from './eviction.js';
import { NodeHealth, readyCondition, reconcileTaints, unknownConditions, wantedConditionTaints } from './node-health.js';
import { resources } from '../../api/resources.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const NODE_NAME_INDEX = 'nodeName';

export interface NodeLifecycleOptions {
  /** How often every node's health is checked. */
  monitorPeriodMs: number;
  /** A node silent for longer is Ready=Unknown. */
  gracePeriodMs: number;
  /** Longest wait before pods on tainted nodes are checked again. */
  evictionPeriodMs: number;
}

export function nodeNameIndex(pod: Pod): string[] {
  return pod.spec.nodeName ? [pod.spec.nodeName] : [];
}

export class NodeLifecycleController extends QueueController {
  private readonly opts: NodeLifecycleOptions;
  private readonly nodes: Informer<Node>;
  private readonly leases: Informer<Lease>;
  private readonly pods: Informer<Pod>;
  private readonly health = new NodeHealth();

  constructor(ctx: ControllerContext, opts: NodeLifecycleOptions) {
    super(ctx, 'nodelifecycle');
    this.opts = opts;
    this.nodes = ctx.factory.informerFor(resources.nodes);
    this.leases = ctx.factory.informerFor(resources.leases, { namespace: NODE_LEASE_NAMESPACE });
    this.pods = ctx.factory.informerFor(resources.pods);
    ensureIndex(this.pods.store, NODE_NAME_INDEX, nodeNameIndex);
    this.nodes.addEventHandler({
      onAdd: (n) => this.queue.add(n.metadata.name ?? ''),
      onUpdate: (_o, n) => this.queue.add(n.metadata.name ?? ''),
      onDelete: (n) => this.health.forget(n.metadata.name ?? ''),
    });
    this.leases.addEventHandler({ onUpdate: (_o, l) => this.queue.add(l.metadata.name ?? '') });
    // A pod that lands on a NoExecute-tainted node is judged at once.
    this.pods.addEventHandler({
      onAdd: (p) => this.podChanged(p),
      onUpdate: (_o, p) => this.podChanged(p),
    });
  }

  override async run(workers: number, signal: AbortSignal): Promise<void> {
    const timer = setInterval(() => {
      for (const key of this.nodes.store.listKeys()) this.queue.add(key);
    }, this.opts.monitorPeriodMs);
    try {
      await super.run(workers, signal);
    } finally {
      clearInterval(timer);
    }
  }

  private podChanged(pod: Pod): void {
    const nodeName = pod.spec.nodeName;
    if (!nodeName || pod.metadata.deletionTimestamp) return;
    const node = this.nodes.store.get('', nodeName);
    if (node?.spec?.taints?.some((t) => t.effect === 'NoExecute')) this.queue.add(nodeName);
  }

  async sync(name: string): Promise<void> {
    const cached = this.nodes.store.get('', name);
    if (!cached) return;
    const now = this.ctx.clock.now();
    let node = cached;
    const silence = this.health.silenceMs(node, this.leases.store.get(NODE_LEASE_NAMESPACE, name), now);
    if (silence > this.opts.gracePeriodMs && readyCondition(node)?.status !== 'Unknown') {
      node = await this.markUnknown(node, now);
    }
    node = await this.syncTaints(node, now);
    if (readyCondition(node)?.status !== 'True') await this.markPodsNotReady(node, now);
    await this.evictPods(node, now);
  }

  private async markUnknown(node: Node, now: number): Promise<Node> {
    const copy = structuredClone(node) as Node;
    copy.status = { ...(copy.status ?? {}), conditions: unknownConditions(node, now) };
    this.logger.info({ node: node.metadata.name }, 'node stopped renewing its lease: Ready=Unknown');
    this.ctx.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`);
    return this.ctx.client.updateStatus(resources.nodes, copy);
  }

  private async syncTaints(node: Node, now: number): Promise<Node> {
    const next = reconcileTaints(node, wantedConditionTaints(node, now));
    if (!next) return node;
    const copy = structuredClone(node) as Node;
    copy.spec = { ...(copy.spec ?? {}), taints: next };
    if (next.length === 0) delete copy.spec.taints;
    return this.ctx.client.update(resources.nodes, copy);
  }

  private async markPodsNotReady(node: Node, now: number): Promise<void> {
    for (const pod of this.pods.store.byIndex(NODE_NAME_INDEX, node.metadata.name ?? '')) {
      const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False' || pod.metadata.deletionTimestamp) continue;
      const copy = structuredClone(pod) as Pod;
      copy.status = {
        ...(copy.status ?? {}),
        conditions: (copy.status?.conditions ?? []).map((c) => (c.type === 'Ready' ? { ...c, status: 'False', reason: 'NodeNotReady', lastTransitionTime: new Date(now).toISOString() } : c)),
      };
      try {
        await this.ctx.client.updateStatus(resources.pods, copy);
      } catch (err) {
        if (!isApiError(err, 'NotFound') && !isApiError(err, 'Conflict')) throw err;
        // Conflict: the next pass sees the newer pod.
      }
    }
  }

  private async evictPods(node: Node, now: number): Promise<void> {
    const taints = node.spec?.taints;
    if (!taints?.some((t) => t.effect === 'NoExecute')) return;
    let next: number | undefined;
    for (const pod of this.pods.store.byIndex(NODE_NAME_INDEX, node.metadata.name ?? '')) {
      if (pod.metadata.deletionTimestamp) continue;
      const at = evictionTime(pod, taints, now);
      if (at === undefined) continue;
      if (at > now) {
        next = next === undefined ? at : Math.min(next, at);
        continue;
      }
      this.logger.info({ ns: pod.metadata.namespace, pod: pod.metadata.name, node: node.metadata.name }, 'evicting a pod from a tainted node');
      this.ctx.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`);
      try {
        await this.ctx.client.delete(resources.pods, pod.metadata.namespace ?? '', pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid } });
      } catch (err) {
        if (!isApiError(err, 'NotFound') && !isApiError(err, 'Conflict')) throw err;
      }
    }
    if (next !== undefined) this.queue.addAfter(node.metadata.name ?? '', Math.min(next - now, this.opts.evictionPeriodMs));
  }
}
