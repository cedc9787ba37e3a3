// The node proxy (kube-proxy's iptables mode) lives in the agent: one process
// per node already holds an API connection and knows its node name, and a
// multi-node lab runs one agent per Docker host, so each host gets exactly one
// proxy without another process to deploy. It watches Services and
// EndpointSlices, and on any change renders the whole ruleset from the caches
// and applies it in one iptables-restore of its own chains: level-triggered,
// so a restarted agent rebuilds everything from the API and deleted Services'
// chains disappear on the next sync.
import type { Clock } from '../clock.js';
import type { Logger } from 'pino';
import { resources } from '../../api/resources.js';
import type { EndpointSlice, Service } from '../../api/types/index.js';
import type { ApiClient } from '../../client/api-client.js';
import { Informer } from '../../client/informer.js';
import { chainNames, type ChainNames } from './chain-names.js';
import { CoalescingRunner } from './coalescing-runner.js';
import { ensureJumps, type IptablesRunner } from './iptables-runner.js';
import { chainsFromListing, jumpRules, renderRules } from './proxy-rules.js';
import { SERVICE_NAME_LABEL, serviceKey, servicePorts } from './service-ports.js';
import { ROUTE_LOCALNET, type SysctlWriter } from './sysctl.js';
import type { ProxyServicePort } from './proxy-model.js';

/** Syncs at most this often; events in between fold into the next one. */
export const PROXY_MIN_SYNC_INTERVAL_MS = 250;
/** A full resync this often restores rules someone else removed. */
export const PROXY_RESYNC_PERIOD_MS = 30_000;
const PROXY_RETRY_INITIAL_MS = 1_000;
const PROXY_RETRY_MAX_MS = 30_000;
/** How long the proxy waits for its first Service and EndpointSlice lists. */
export const PROXY_CACHE_SYNC_TIMEOUT_MS = 60_000;

export interface NodeProxyOptions {
  client: ApiClient;
  node: string;
  chainPrefix: string;
  iptables: IptablesRunner;
  sysctl: SysctlWriter;
  logger: Logger;
  /** Paces and schedules the rule (or route) syncs. */
  clock: Clock;
}

export class NodeProxy {
  private readonly services: Informer<Service>;
  private readonly slices: Informer<EndpointSlice>;
  private readonly names: ChainNames;
  private readonly runner: CoalescingRunner;
  private readonly logger: Logger;
  private syncs = 0;

  constructor(private readonly opts: NodeProxyOptions) {
    this.logger = opts.logger.child({ component: 'proxy' });
    this.names = chainNames(opts.chainPrefix);
    this.services = new Informer(opts.client, resources.services, {}, this.logger);
    this.slices = new Informer(opts.client, resources.endpointSlices, { labelSelector: SERVICE_NAME_LABEL }, this.logger);
    this.runner = new CoalescingRunner(() => this.sync(), {
      minIntervalMs: PROXY_MIN_SYNC_INTERVAL_MS,
      periodMs: PROXY_RESYNC_PERIOD_MS,
      retryInitialMs: PROXY_RETRY_INITIAL_MS,
      retryMaxMs: PROXY_RETRY_MAX_MS,
      onError: (err) => this.logger.error({ err }, 'applying proxy rules failed; will retry'),
      clock: opts.clock,
    });
    const changed = { onAdd: () => this.runner.request(), onUpdate: () => this.runner.request(), onDelete: () => this.runner.request() };
    this.services.addEventHandler(changed);
    this.slices.addEventHandler(changed);
  }

  /** Starts watching; rules are first written once both caches have synced, so a restart never programs a half-known set. */
  async start(): Promise<void> {
    await this.opts.sysctl(ROUTE_LOCALNET, '1').catch((err: unknown) => this.logger.warn({ err }, 'cannot set route_localnet; NodePorts will not answer on 127.0.0.1'));
    this.services.start();
    this.slices.start();
    await Promise.all([this.services.waitForSync(PROXY_CACHE_SYNC_TIMEOUT_MS), this.slices.waitForSync(PROXY_CACHE_SYNC_TIMEOUT_MS)]);
    this.runner.start();
  }

  get syncCount(): number {
    return this.syncs;
  }

  private desired(): ProxyServicePort[] {
    const slicesByService = new Map<string, EndpointSlice[]>();
    for (const slice of this.slices.store.list()) {
      const key = `${slice.metadata.namespace ?? ''}/${slice.metadata.labels?.[SERVICE_NAME_LABEL] ?? ''}`;
      slicesByService.set(key, [...(slicesByService.get(key) ?? []), slice]);
    }
    return this.services.store.list().flatMap((svc) => servicePorts(svc, slicesByService.get(serviceKey(svc)) ?? [], this.opts.node));
  }

  private async sync(): Promise<void> {
    const existing = chainsFromListing(await this.opts.iptables.list('nat'));
    const ports = this.desired();
    const rendered = renderRules({ names: this.names, ports, existingNatChains: existing });
    await this.opts.iptables.restore(rendered.text);
    await ensureJumps(this.opts.iptables, jumpRules(this.names), this.opts.chainPrefix);
    this.syncs += 1;
    this.logger.debug({ servicePorts: ports.length, chains: rendered.chains.length }, 'proxy rules applied');
  }

  async stop(): Promise<void> {
    this.runner.stop();
    await Promise.all([this.services.stop(), this.slices.stop()]);
  }
}
