// Keeps this host's routing table holding a route to every other Node's pod
// CIDR via that Node's InternalIP (host gateway), from the Node cache. It
// lists and changes only routes of its own protocol number, so the host's
// other routes are never touched, and a route of a Node that went is removed.
// Level-triggered like the pod network: every sync compares the table with the
// Nodes, so a restart or a route someone deleted heals on the next run.
import type { Clock } from '../clock.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import { resources } from '../../api/resources.js';
import type { Node } from '../../api/types/index.js';
import type { ApiClient } from '../../client/api-client.js';
import { Informer } from '../../client/informer.js';
import { stripManagedFields } from '../../client/strip-managed-fields.js';
import { CoalescingRunner } from '../proxy/coalescing-runner.js';
import { desiredRoutes, HOST_ROUTE_PROTO, parseRoutes, planRoutes, type HostRoute } from './host-routes-plan.js';

const ROUTES_MIN_SYNC_INTERVAL_MS = 250;
const ROUTES_RESYNC_PERIOD_MS = 10_000;
const ROUTES_RETRY_INITIAL_MS = 1_000;
const ROUTES_RETRY_MAX_MS = 30_000;
const ROUTES_CACHE_SYNC_TIMEOUT_MS = 60_000;

const run = promisify(execFile);

export interface RouteRunner {
  /** The main table's IPv4 routes, as `ip route show` prints them. */
  list(): Promise<string>;
  replace(route: HostRoute): Promise<void>;
  remove(cidr: string): Promise<void>;
}

export class ExecRouteRunner implements RouteRunner {
  async list(): Promise<string> {
    return (await run('ip', ['-4', 'route', 'show'])).stdout;
  }

  async replace(route: HostRoute): Promise<void> {
    await run('ip', ['-4', 'route', 'replace', route.cidr, 'via', route.via, 'proto', String(HOST_ROUTE_PROTO)]);
  }

  async remove(cidr: string): Promise<void> {
    await run('ip', ['-4', 'route', 'del', cidr, 'proto', String(HOST_ROUTE_PROTO)]);
  }
}

export interface HostRoutesOptions {
  client: ApiClient;
  node: string;
  routes: RouteRunner;
  logger: Logger;
  /** Paces and schedules the rule (or route) syncs. */
  clock: Clock;
}

export class HostRoutes {
  private readonly nodes: Informer<Node>;
  private readonly runner: CoalescingRunner;
  private readonly logger: Logger;
  private applied = '';

  constructor(private readonly opts: HostRoutesOptions) {
    this.logger = opts.logger.child({ component: 'host-routes' });
    this.nodes = new Informer(opts.client, resources.nodes, { transform: stripManagedFields }, this.logger);
    this.runner = new CoalescingRunner(() => this.sync(), {
      minIntervalMs: ROUTES_MIN_SYNC_INTERVAL_MS,
      periodMs: ROUTES_RESYNC_PERIOD_MS,
      retryInitialMs: ROUTES_RETRY_INITIAL_MS,
      retryMaxMs: ROUTES_RETRY_MAX_MS,
      onError: (err) => this.logger.error({ err }, 'updating host-gateway routes failed; will retry'),
      clock: opts.clock,
    });
    const changed = (): void => {
      if (this.key(this.desired()) !== this.applied) this.runner.request();
    };
    this.nodes.addEventHandler({ onAdd: changed, onUpdate: changed, onDelete: changed });
  }

  async start(): Promise<void> {
    this.nodes.start();
    await this.nodes.waitForSync(ROUTES_CACHE_SYNC_TIMEOUT_MS);
    this.runner.start();
  }

  private desired(): HostRoute[] {
    return desiredRoutes(this.nodes.store.list(), this.opts.node);
  }

  private key(routes: readonly HostRoute[]): string {
    return routes.map((r) => `${r.cidr}>${r.via}`).join(',');
  }

  /** Every route is tried even when one fails (a node on another subnet must not cut the rest off); the first error makes the run retry. */
  private async sync(): Promise<void> {
    const desired = this.desired();
    const plan = planRoutes(parseRoutes(await this.opts.routes.list()), desired);
    const failures: string[] = [];
    for (const route of plan.replace) {
      await this.opts.routes.replace(route).catch((err: unknown) => failures.push(`${route.cidr} via ${route.via}: ${message(err)}`));
    }
    for (const cidr of plan.remove) {
      await this.opts.routes.remove(cidr).catch((err: unknown) => failures.push(`removing ${cidr}: ${message(err)}`));
    }
    if (plan.skipped.length > 0 && this.key(desired) !== this.applied) {
      this.logger.warn({ cidrs: plan.skipped }, 'another route already leads to these pod CIDRs (a local network?); leaving them alone');
    }
    if (failures.length > 0) throw new Error(`host-gateway routes: ${failures.join('; ')} (nodes must share an L2 segment, or their pod CIDRs be routed by the network)`);
    const applied = this.key(desired);
    if (applied !== this.applied) this.logger.info({ routes: desired }, 'host-gateway routes applied');
    this.applied = applied;
  }

  /** The routes stay on stop: pods keep talking while the agent restarts, and the next one reconciles them. */
  async stop(): Promise<void> {
    this.runner.stop();
    await this.nodes.stop();
  }
}

function message(err: unknown): string {
  const stderr = (err as { stderr?: string }).stderr;
  return (stderr || (err instanceof Error ? err.message : String(err))).trim();
}
