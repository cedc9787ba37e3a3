// Kube-apiserver's lease endpoint reconciler: every apiserver with an HTTPS
// port keeps a key `<prefix>/masterleases/<address>` alive on a short etcd
// lease, and points the `kubernetes` Endpoints and EndpointSlice at the
// addresses whose keys are alive, so one that stops or dies drops out.
import type { Logger } from '../../../client/logger.js';
import type { ObjectStore } from '../../storage/object-store.js';
import type { Registry } from '../registry.js';
import { setKubernetesEndpoints } from './kubernetes-service.js';

/** Kube-apiserver's --endpoint-reconciler lease TTL: a dead apiserver is gone from the endpoints this long after. */
export const APISERVER_LEASE_TTL_SECONDS = 15;
/** Kube-apiserver's --endpoint-reconciler interval: renew the lease and reconcile this often. */
export const APISERVER_LEASE_RENEW_MS = 10_000;

export interface ApiServerLeaseOptions {
  address: string;
  port: number;
  /** `<etcd prefix>`: leases live under `<root>/masterleases/`. */
  root: string;
  renewMs?: number;
  ttlSeconds?: number;
}

export class ApiServerLeases {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: ObjectStore,
    private readonly registry: Registry,
    private readonly opts: ApiServerLeaseOptions,
    private readonly log: Logger,
  ) {}

  private get prefix(): string {
    return `${this.opts.root}/masterleases/`;
  }

  private get key(): string {
    return `${this.prefix}${this.opts.address}`;
  }

  /** Renews once (errors propagate, so start-up can retry), then keeps renewing in the background. */
  async start(): Promise<void> {
    await this.renew();
    this.timer = setInterval(() => {
      this.running = this.renew().catch((err: unknown) => this.log.warn({ err }, 'renewing the apiserver lease failed; trying again next interval'));
    }, this.opts.renewMs ?? APISERVER_LEASE_RENEW_MS);
    this.timer.unref();
  }

  /** Removes this apiserver's lease and its address from the endpoints, as a graceful shutdown does. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    const current = await this.store.get(this.key);
    if (current) await this.store.delete(this.key, current.modRevision);
    await this.reconcile();
  }

  private async renew(): Promise<void> {
    const lease = await this.store.grantLease(this.opts.ttlSeconds ?? APISERVER_LEASE_TTL_SECONDS);
    const value = JSON.stringify({ address: this.opts.address, port: this.opts.port });
    const current = await this.store.get(this.key);
    // A lost race means another write of the same key just happened (a restart of this address): the next tick renews.
    if (current) await this.store.update(this.key, value, current.modRevision, lease);
    else await this.store.create(this.key, value, lease);
    await this.reconcile();
  }

  private async reconcile(): Promise<void> {
    const alive = (await this.store.range(this.prefix)).items.map((kv) => kv.key.slice(this.prefix.length));
    await setKubernetesEndpoints(this.registry, alive, this.opts.port);
  }
}
