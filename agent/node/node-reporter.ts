// Registers the node, renews its Lease in kube-node-lease, and reports its
// status: the heartbeats the node lifecycle controller watches.
import type { Logger } from 'pino';
import { isApiError } from '../../api/errors.js';
import type { Lease, Namespace, Node } from '../../api/types/index.js';
import type { ApiClient } from '../../client/api-client.js';
import {
  LEASE_DURATION_SECONDS,
  LEASE_RENEW_PERIOD_MS,
  NODE_REGISTER_BACKOFF_INITIAL_MS,
  NODE_REGISTER_BACKOFF_MAX_MS,
  NODE_STATUS_REPORT_PERIOD_MS,
} from '../timing.js';
import { buildNode, nodeLabels, nodeStatus, podCIDRSpec, type NodeInput, type RuntimeHealth } from './node-object.js';
import { resources } from '../../api/resources.js';
import { metaTime, microTime } from '../../api/meta-time.js';
import type { Clock } from '../clock.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';


export class NodeReporter {
  private leaseTimer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private node: Node | undefined;
  private lease: Lease | undefined;
  private lastRenew = 0;

  private health: RuntimeHealth = { ok: true };

  constructor(
    private readonly client: ApiClient,
    private readonly input: NodeInput,
    private readonly logger: Logger,
    /** Heartbeat and renew times; the registration backoff and periods stay on timers. */
    private readonly clock: Clock,
    /** Asked at every lease renewal; a change is reported at once. */
    private readonly checkRuntime: () => Promise<RuntimeHealth> = async () => ({ ok: true }),
  ) {}

  /** When the Lease was last renewed (ms since epoch); 0 before the first. */
  get lastRenewMs(): number {
    return this.lastRenew;
  }

  /** Registers the node (retrying until the apiserver answers), then starts the heartbeats. */
  async start(): Promise<Node> {
    let delay = NODE_REGISTER_BACKOFF_INITIAL_MS;
    for (;;) {
      try {
        this.node = await this.register();
        break;
      } catch (err) {
        this.logger.warn({ err: err instanceof Error ? err.message : String(err), retryMs: delay }, 'node registration failed');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, NODE_REGISTER_BACKOFF_MAX_MS);
      }
    }
    await this.renewLease().catch((err: Error) => this.logger.warn({ err: err.message }, 'lease renewal failed'));
    this.leaseTimer = setInterval(() => void this.heartbeat(), LEASE_RENEW_PERIOD_MS);
    this.statusTimer = setInterval(() => void this.reportStatus().catch((err: Error) => this.logger.warn({ err: err.message }, 'node status update failed')), NODE_STATUS_REPORT_PERIOD_MS);
    return this.node;
  }

  private async heartbeat(): Promise<void> {
    await this.renewLease().catch((err: Error) => this.logger.warn({ err: err.message }, 'lease renewal failed'));
    const health = await this.checkRuntime();
    if (health.ok === this.health.ok) return;
    this.health = health;
    this.logger.warn({ ready: health.ok, ...(health.ok ? {} : { why: health.message }) }, 'node readiness changed');
    await this.reportStatus().catch((err: Error) => this.logger.warn({ err: err.message }, 'node status update failed'));
  }

  stop(): void {
    clearInterval(this.leaseTimer);
    clearInterval(this.statusTimer);
  }

  private async register(): Promise<Node> {
    const name = this.input.name;
    try {
      const created = await this.client.create(resources.nodes, buildNode(this.input, metaTime(this.clock.now())));
      this.logger.info({ node: name }, 'node registered');
      return await this.writeStatus(created);
    } catch (err) {
      if (!isApiError(err, 'AlreadyExists')) throw err;
    }
    // Registered before: keep what others set (taints, labels), refresh ours.
    const existing = await this.client.get(resources.nodes, '', name);
    const patched = await this.client.patch(resources.nodes, '', name, 'merge', { metadata: { labels: nodeLabels(this.input) }, ...this.podCIDRPatch(existing) });
    this.logger.info({ node: name }, 'node already registered; updated it');
    return this.writeStatus(patched);
  }

  /** Publishes the pod CIDR once; a node's podCIDR never changes after that, as in Kubernetes. */
  private podCIDRPatch(existing: Node): { spec?: NonNullable<Node['spec']> } {
    const published = existing.spec?.podCIDR;
    const wanted = this.input.podCIDR;
    if (!wanted || published === wanted) return {};
    if (!published) return { spec: podCIDRSpec(wanted) };
    this.logger.error(
      { node: this.input.name, podCIDR: published, network: wanted },
      'the node\'s podCIDR differs from its pod network\'s subnet, so other nodes\' pods cannot reach pods here; delete the Node object (or the network) and restart the agent',
    );
    return {};
  }

  private async writeStatus(node: Node): Promise<Node> {
    const status = nodeStatus(this.input, metaTime(this.clock.now()), node, this.health);
    const updated = await this.client.patch(resources.nodes, '', this.input.name, 'merge', { status }, { status: true });
    this.node = updated;
    return updated;
  }

  async reportStatus(): Promise<void> {
    const current = await this.client.get(resources.nodes, '', this.input.name);
    await this.writeStatus(current);
  }

  private leaseObject(): Lease {
    const now = microTime(this.clock.now());
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.input.name,
        namespace: NODE_LEASE_NAMESPACE,
        ownerReferences: this.node?.metadata.uid
          ? [{ apiVersion: 'v1', kind: 'Node', name: this.input.name, uid: this.node.metadata.uid }]
          : undefined,
      },
      spec: { holderIdentity: this.input.name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: now },
    };
  }

  private async ensureLeaseNamespace(): Promise<void> {
    const ns: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NODE_LEASE_NAMESPACE } };
    await this.client.create(resources.namespaces, ns).catch((err: unknown) => {
      if (!isApiError(err, 'AlreadyExists')) throw err;
    });
  }

  async renewLease(): Promise<void> {
    if (this.lease) {
      const next: Lease = { ...this.lease, spec: { ...this.lease.spec, holderIdentity: this.input.name, renewTime: microTime(this.clock.now()), leaseDurationSeconds: LEASE_DURATION_SECONDS } };
      try {
        this.lease = await this.client.update(resources.leases, next);
        this.lastRenew = this.clock.now();
        return;
      } catch (err) {
        if (!isApiError(err, 'Conflict') && !isApiError(err, 'NotFound')) throw err;
        this.lease = undefined;
      }
    }
    try {
      this.lease = await this.client.get(resources.leases, NODE_LEASE_NAMESPACE, this.input.name);
      this.lease = await this.client.update(resources.leases, { ...this.lease, spec: { ...this.lease.spec, holderIdentity: this.input.name, renewTime: microTime(this.clock.now()), leaseDurationSeconds: LEASE_DURATION_SECONDS } });
    } catch (err) {
      if (!isApiError(err, 'NotFound')) throw err;
      await this.createLease();
    }
    this.lastRenew = this.clock.now();
  }

  private async createLease(): Promise<void> {
    try {
      this.lease = await this.client.create(resources.leases, this.leaseObject());
    } catch (err) {
      if (!isApiError(err, 'NotFound')) throw err;
      await this.ensureLeaseNamespace();
      this.lease = await this.client.create(resources.leases, this.leaseObject());
    }
  }
}
