// The agent's sandbox pool, set up from its options: on only with a static
// busybox on the host (containers in a pooled sandbox start through it), and
// following the agent's own Node so a cordon empties it.
import type { Logger } from 'pino';
import type { Node } from '../../api/types/index.js';
import { resources } from '../../api/resources.js';
import type { ApiClient } from '../../client/api-client.js';
import { Informer } from '../../client/informer.js';
import type { BusyboxPaths } from '../runtime/runtime-types.js';
import { DEFAULT_BUSYBOX_PATHS } from './hostname-shim.js';
import { SandboxPool, type SandboxPoolOptions } from './sandbox-pool.js';
import { isStaticElf } from './static-binary.js';

/** How long the pool waits to learn whether its Node is cordoned before it fills anyway. */
export const NODE_SYNC_TIMEOUT_MS = 10_000;

export interface NodePoolOptions extends SandboxPoolOptions {
  /** To follow the agent's own Node. */
  client: ApiClient;
}

/** The hostname shim's busybox when the host has a static one (Debian: busybox-static). */
export async function findHostnameShim(): Promise<BusyboxPaths | undefined> {
  return (await isStaticElf(DEFAULT_BUSYBOX_PATHS.hostPath)) ? DEFAULT_BUSYBOX_PATHS : undefined;
}

export class NodePool {
  private constructor(
    readonly pool: SandboxPool,
    private readonly node: Informer<Node> | undefined,
    private readonly logger: Logger,
  ) {}

  /**
   * Undefined when the pool cannot work here (no static busybox). A pool of
   * size 0 only removes the waiting sandboxes a previous agent left. Nothing
   * runs before start().
   */
  static create(opts: NodePoolOptions, shim: BusyboxPaths | undefined): NodePool | undefined {
    const logger = opts.logger.child({ component: 'sandbox-pool' });
    if (!shim) {
      if (opts.size > 0) logger.warn({ busybox: DEFAULT_BUSYBOX_PATHS.hostPath }, 'no static busybox on this host: the sandbox pool is off (install busybox-static)');
      return undefined;
    }
    const pool = new SandboxPool({ ...opts, logger });
    if (opts.size === 0) return new NodePool(pool, undefined, logger);
    const node = new Informer<Node>(opts.client, resources.nodes, { fieldSelector: `metadata.name=${opts.node}` }, logger);
    const follow = (n: Node): void => {
      pool.setCordoned(n.spec?.unschedulable === true).catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'sandbox pool drain failed'));
    };
    node.addEventHandler({ onAdd: follow, onUpdate: (_old, n) => follow(n) });
    return new NodePool(pool, node, logger);
  }

  /** Learns whether the Node is cordoned, then adopts what a previous agent left and starts filling. */
  async start(): Promise<void> {
    this.node?.start();
    await this.node?.waitForSync(NODE_SYNC_TIMEOUT_MS).catch((err: unknown) => this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'Node not seen yet; the pool fills meanwhile'));
    await this.pool.start();
  }

  async stop(): Promise<void> {
    await this.node?.stop();
    await this.pool.stop();
  }
}
