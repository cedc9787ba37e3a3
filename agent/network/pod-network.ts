// The pod network, the part of the agent a CNI plugin (kubenet, flannel's
// host-gw) plays in Kubernetes: it keeps the host's packet filter open between
// the pod CIDRs of all Nodes, so pods reach each other across nodes by their own
// IPs. It is apart from the node proxy because it is a different job
// (kube-proxy only handles Service IPs) and because the set it follows is the
// Nodes, not Services. Like the proxy it runs once per packet filter: one agent
// per Docker host, and only one of several agents sharing an engine.
// Level-triggered: every sync rewrites its chains from the Node cache.
import type { Clock } from '../clock.js';
import type { Logger } from 'pino';
import { resources } from '../../api/resources.js';
import type { Node } from '../../api/types/index.js';
import type { ApiClient } from '../../client/api-client.js';
import { Informer } from '../../client/informer.js';
import { stripManagedFields } from '../../client/strip-managed-fields.js';
import { chainNames, type ChainNames } from '../proxy/chain-names.js';
import { CoalescingRunner } from '../proxy/coalescing-runner.js';
import { ensureJumps, type IptablesRunner } from '../proxy/iptables-runner.js';
import { chainsFromListing } from '../proxy/proxy-rules.js';
import { DOCKER_USER_CHAIN, nodePodCIDRs, podCIDRSet, podNetworkJumps, renderPodNetworkRules } from './pod-network-rules.js';

const POD_NETWORK_MIN_SYNC_INTERVAL_MS = 250;
/** A full resync this often restores rules someone else flushed and moves our jump back ahead of Docker's. */
export const POD_NETWORK_RESYNC_PERIOD_MS = 10_000;
const POD_NETWORK_RETRY_INITIAL_MS = 1_000;
const POD_NETWORK_RETRY_MAX_MS = 30_000;
const POD_NETWORK_CACHE_SYNC_TIMEOUT_MS = 60_000;

export interface PodNetworkOptions {
  client: ApiClient;
  chainPrefix: string;
  iptables: IptablesRunner;
  logger: Logger;
  /** Paces and schedules the rule (or route) syncs. */
  clock: Clock;
}


export class PodNetwork {
  private readonly nodes: Informer<Node>;
  private readonly names: ChainNames;
  private readonly runner: CoalescingRunner;
  private readonly logger: Logger;
  private applied = '';

  constructor(private readonly opts: PodNetworkOptions) {
    this.logger = opts.logger.child({ component: 'pod-network' });
    this.names = chainNames(opts.chainPrefix);
    this.nodes = new Informer(opts.client, resources.nodes, { transform: stripManagedFields }, this.logger);
    this.runner = new CoalescingRunner(() => this.sync(), {
      minIntervalMs: POD_NETWORK_MIN_SYNC_INTERVAL_MS,
      periodMs: POD_NETWORK_RESYNC_PERIOD_MS,
      retryInitialMs: POD_NETWORK_RETRY_INITIAL_MS,
      retryMaxMs: POD_NETWORK_RETRY_MAX_MS,
      onError: (err) => this.logger.error({ err }, 'applying pod network rules failed; will retry'),
      clock: opts.clock,
    });
    // Nodes change with every status report; only a changed CIDR set is worth a rewrite before the periodic one.
    const changed = (): void => {
      if (this.cidrs().join(',') !== this.applied) this.runner.request();
    };
    this.nodes.addEventHandler({ onAdd: changed, onUpdate: changed, onDelete: changed });
  }

  async start(): Promise<void> {
    this.nodes.start();
    await this.nodes.waitForSync(POD_NETWORK_CACHE_SYNC_TIMEOUT_MS);
    this.runner.start();
  }

  private cidrs(): string[] {
    return podCIDRSet(this.nodes.store.list().flatMap(nodePodCIDRs));
  }

  private async sync(): Promise<void> {
    const cidrs = this.cidrs();
    await this.opts.iptables.restore(renderPodNetworkRules(this.names, cidrs));
    const hasDockerUser = chainsFromListing(await this.opts.iptables.list('filter')).includes(DOCKER_USER_CHAIN);
    await ensureJumps(this.opts.iptables, podNetworkJumps(this.names, hasDockerUser), this.opts.chainPrefix);
    const key = cidrs.join(',');
    if (key !== this.applied) this.logger.info({ podCIDRs: cidrs }, 'pod network rules applied');
    this.applied = key;
  }

  async stop(): Promise<void> {
    this.runner.stop();
    await this.nodes.stop();
  }
}
