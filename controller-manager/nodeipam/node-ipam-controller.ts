// Node IPAM: gives every Node a pod CIDR (spec.podCIDR and podCIDRs) out of
// --cluster-cidr, as kube-controller-manager's range allocator does. The set
// of used subnets lives only in memory: each run rebuilds it from the Nodes
// that already carry one before handing out any, so a restart or a new leader
// never gives a subnet twice. A deleted Node's subnet goes back to the set.
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { Node } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import type { ControllerContext } from '../common/controller-context.js';
import { QueueController } from '../common/queue-controller.js';
import { CidrSet, CidrSetError } from './cidr-set.js';

export interface NodeIpamOptions {
  clusterCIDR: string;
  nodeCIDRMaskSize: number;
}

/** kube-controller-manager's event reasons, so `kubectl get events` reads the same. */
export const CIDR_NOT_AVAILABLE = 'CIDRNotAvailable';
export const CIDR_ASSIGNMENT_FAILED = 'CIDRAssignmentFailed';

/** The node's first pod CIDR, from either field. */
function podCIDROf(node: Node): string | undefined {
  return node.spec?.podCIDRs?.[0] ?? (node.spec?.podCIDR || undefined);
}

export class NodeIpamController extends QueueController {
  private readonly nodes: Informer<Node>;
  private set: CidrSet;
  /** Which subnet each node holds, including one handed out whose write has not landed yet. */
  private readonly byNode = new Map<string, string>();
  private readonly byCIDR = new Map<string, string>();

  constructor(ctx: ControllerContext, private readonly opts: NodeIpamOptions) {
    super(ctx, 'nodeipam');
    // Built here too so a bad flag stops the process at start, not at leadership.
    this.set = new CidrSet(opts.clusterCIDR, opts.nodeCIDRMaskSize);
    this.nodes = ctx.factory.informerFor(resources.nodes);
    this.nodes.addEventHandler({
      onAdd: (node) => this.enqueue(node),
      // Status reports change Nodes every few seconds; only a node still without a CIDR needs work.
      onUpdate: (old, node) => {
        if (!podCIDROf(node) || podCIDROf(old) !== podCIDROf(node)) this.enqueue(node);
      },
      onDelete: (node) => this.enqueue(node),
    });
  }

  override run(workers: number, signal: AbortSignal): Promise<void> {
    this.rebuild();
    return super.run(workers, signal);
  }

  /** Every subnet the cached Nodes hold is taken before any is handed out. */
  rebuild(): void {
    this.set = new CidrSet(this.opts.clusterCIDR, this.opts.nodeCIDRMaskSize);
    this.byNode.clear();
    this.byCIDR.clear();
    const nodes = this.nodes.store.list();
    for (const node of nodes) {
      const cidr = podCIDROf(node);
      if (cidr) this.take(node, cidr);
    }
    for (const node of nodes) if (!podCIDROf(node)) this.enqueue(node);
    this.logger.info({ clusterCIDR: this.set.clusterCIDR, maskSize: this.set.maskSize, assigned: this.byNode.size, free: this.set.free }, 'pod CIDRs rebuilt from the Nodes');
  }

  async sync(name: string): Promise<void> {
    const node = this.nodes.store.get('', name);
    if (!node) {
      this.release(name);
      return;
    }
    const current = podCIDROf(node);
    if (current) {
      this.take(node, current);
      return;
    }
    if (node.metadata.deletionTimestamp) return;
    const cidr = this.byNode.get(name) ?? this.allocate(node);
    try {
      await this.ctx.client.patch(resources.nodes, '', name, 'merge', { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
    } catch (err) {
      if (isApiError(err, 'NotFound')) {
        this.release(name);
        return;
      }
      // Kept reserved for this node: the retry writes the same subnet.
      throw err;
    }
    this.logger.info({ node: name, podCIDR: cidr }, 'assigned the node its pod CIDR');
  }

  private allocate(node: Node): string {
    const name = node.metadata.name ?? '';
    let cidr: string;
    try {
      cidr = this.set.allocateNext();
    } catch (err) {
      if (err instanceof CidrSetError && err.reason === 'Full') {
        this.ctx.recorder.event(node, 'Warning', CIDR_NOT_AVAILABLE, `Node ${name} status is now: ${CIDR_NOT_AVAILABLE} (${err.message})`);
      }
      throw err;
    }
    this.byNode.set(name, cidr);
    this.byCIDR.set(cidr, name);
    return cidr;
  }

  /** Records the subnet a Node carries; one outside the cluster CIDR (published by an agent itself) is not ours to track. */
  private take(node: Node, cidr: string): void {
    const name = node.metadata.name ?? '';
    if (this.byNode.get(name) === cidr) return;
    if (!this.set.contains(cidr)) {
      this.logger.warn({ node: name, podCIDR: cidr, clusterCIDR: this.set.clusterCIDR }, 'the node\'s pod CIDR is outside the cluster CIDR; leaving it alone');
      return;
    }
    const holder = this.byCIDR.get(cidr);
    if (holder && holder !== name) {
      this.ctx.recorder.event(node, 'Warning', CIDR_ASSIGNMENT_FAILED, `Node ${name}'s pod CIDR ${cidr} is also node ${holder}'s; pods of one of them are unreachable`);
    }
    this.release(name);
    this.set.occupy(cidr);
    this.byNode.set(name, cidr);
    this.byCIDR.set(cidr, name);
  }

  private release(name: string): void {
    const cidr = this.byNode.get(name);
    if (!cidr) return;
    this.byNode.delete(name);
    if (this.byCIDR.get(cidr) !== name) return;
    this.byCIDR.delete(cidr);
    this.set.release(cidr);
    this.logger.info({ node: name, podCIDR: cidr }, 'released a pod CIDR');
    // A node that found the range full may fit now.
    for (const waiting of this.nodes.store.list()) if (!podCIDROf(waiting)) this.enqueue(waiting);
  }
}
