// Leader election on a coordination.k8s.io/v1 Lease, as client-go's
// leaderelection package: the holder renews the lease every retry period; a
// candidate takes it once the holder's renewTime + leaseDuration has passed.
// Every write carries the lease's resourceVersion, so of two candidates that
// race, the apiserver lets exactly one win (the other gets Conflict).
import { microTime } from '../api/meta-time.js';
import type { Logger } from 'pino';
import { ApiError, isApiError } from '../api/errors.js';
import { resources } from '../api/resources.js';
import type { Lease, LeaseSpec } from '../api/types/index.js';
import { raceAbort, sleep, timeoutSignal } from './abort-helpers.js';
import type { ApiClient } from './api-client.js';
import { silentLogger } from './silent-logger.js';
import { systemClock, type Clock } from './clock.js';

export const DEFAULT_LEASE_NAMESPACE = 'kube-system';
export const DEFAULT_LEASE_DURATION_SECONDS = 15;
/** A leader that could not renew for this long stops leading. */
export const DEFAULT_RENEW_DEADLINE_MS = 10_000;
/** Pause between attempts to acquire or renew. */
export const DEFAULT_RETRY_PERIOD_MS = 2_000;
/** Acquire attempts wait retryPeriod * (1 + random * this), so candidates spread out. */
export const RETRY_JITTER_FACTOR = 1.2;
/** Giving the lease back on stop() is best effort and must not hold shutdown for long. */
export const RELEASE_TIMEOUT_MS = 5_000;
/** Conflicts tolerated while releasing (our own late renewal can cause one). */
export const RELEASE_ATTEMPTS = 3;

export interface LeaderCallbacks {
  /** Leadership began. `signal` aborts when it ends: stop the leader's work then. */
  onStartedLeading(signal: AbortSignal): unknown;
  /** Leadership ended (lost or released). Called once after every onStartedLeading. */
  onStoppedLeading(): void;
  /** The lease's holder changed (also when this candidate becomes the holder). */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectionOptions {
  /** The Lease's name, e.g. `flotilla-scheduler`. */
  name: string;
  namespace?: string;
  /** Unique per candidate, e.g. `<hostname>_<random>`. */
  identity: string;
  leaseDurationSeconds?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  callbacks: LeaderCallbacks;
  /** Times renewals, deadlines and the lease's renewTime; default: the system clock. */
  clock?: Clock;
}

type Attempt = 'acquired' | 'held-by-other' | 'lost-race';

export class LeaderElector {
  readonly name: string;
  readonly namespace: string;
  readonly identity: string;
  private readonly client: ApiClient;
  private readonly leaseDurationSeconds: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly callbacks: LeaderCallbacks;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly stopController = new AbortController();
  private leaderController: AbortController | undefined;
  private leading = false;
  private observedLeader = '';
  private running: Promise<void> | undefined;

  constructor(client: ApiClient, opts: LeaderElectionOptions, logger?: Logger) {
    this.client = client;
    this.name = opts.name;
    this.namespace = opts.namespace ?? DEFAULT_LEASE_NAMESPACE;
    this.identity = opts.identity;
    this.leaseDurationSeconds = opts.leaseDurationSeconds ?? DEFAULT_LEASE_DURATION_SECONDS;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? DEFAULT_RENEW_DEADLINE_MS;
    this.retryPeriodMs = opts.retryPeriodMs ?? DEFAULT_RETRY_PERIOD_MS;
    this.callbacks = opts.callbacks;
    this.clock = opts.clock ?? systemClock;
    this.logger = (logger ?? silentLogger()).child({ lease: `${this.namespace}/${this.name}`, identity: this.identity });
    validateTimings(this.identity, this.leaseDurationSeconds, this.renewDeadlineMs, this.retryPeriodMs);
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** The holder last seen on the lease ('' when none was seen yet). */
  getLeader(): string {
    return this.observedLeader;
  }

  /**
   * Campaigns until this candidate leads, then renews until leadership is lost
   * or stop() is called. Resolves when leadership has ended (or stop() came
   * first). Calling it again after a loss campaigns again.
   */
  run(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.campaign().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Stops for good: lets an acquire/renew in flight finish, then a leader gives
   * the lease back so another candidate takes over at once. Resolves after
   * onStoppedLeading.
   */
  async stop(): Promise<void> {
    this.stopController.abort();
    await this.running;
  }

  private get stopped(): boolean {
    return this.stopController.signal.aborted;
  }

  private async campaign(): Promise<void> {
    if (!(await this.acquire())) return;
    if (this.stopped) {
      // stop() came while the winning write was in flight: hand it straight back.
      await this.release();
      return;
    }
    this.leading = true;
    this.leaderController = new AbortController();
    this.logger.info('became leader');
    this.startLeaderWork(this.leaderController.signal);
    await this.renewUntilLost();
    this.leading = false;
    this.leaderController.abort();
    await this.release();
    this.logger.info('stopped leading');
    try {
      this.callbacks.onStoppedLeading();
    } catch (err) {
      this.logger.error({ err }, 'onStoppedLeading failed');
    }
  }

  private startLeaderWork(signal: AbortSignal): void {
    try {
      const result = this.callbacks.onStartedLeading(signal);
      if (result instanceof Promise) {
        result.catch((err: unknown) => this.logger.error({ err }, 'onStartedLeading failed'));
      }
    } catch (err) {
      this.logger.error({ err }, 'onStartedLeading failed');
    }
  }

  /**
   * Tries at once, then every jittered retry period; false if stopped first.
   * An attempt in flight is let finish (up to the renew deadline) rather than
   * abandoned, so a write that lands after stop() cannot leave a lease held by
   * a candidate that no longer knows it holds it.
   */
  private async acquire(): Promise<boolean> {
    while (!this.stopped) {
      const outcome = await this.attempt(this.renewDeadlineMs);
      if (outcome === 'acquired') return true;
      await sleep(this.retryPeriodMs * (1 + Math.random() * RETRY_JITTER_FACTOR), this.stopController.signal, this.clock);
    }
    return false;
  }

  /** Renews every retry period; returns when stopped, outrun by another holder, or past the renew deadline. */
  private async renewUntilLost(): Promise<void> {
    let lastRenewed = this.clock.now();
    while (!this.stopped) {
      await sleep(this.retryPeriodMs, this.stopController.signal, this.clock);
      if (this.stopped) return;
      // Not cut short by stop(): release() must see this renewal's
      // resourceVersion, or its write would conflict and the lease would stay
      // held until it expires.
      const remaining = lastRenewed + this.renewDeadlineMs - this.clock.now();
      const outcome = remaining > 0 ? await this.attempt(remaining) : undefined;
      if (outcome === 'acquired') {
        lastRenewed = this.clock.now();
        continue;
      }
      if (this.stopped) return;
      if (outcome === 'held-by-other') {
        this.logger.warn({ holder: this.observedLeader }, 'another candidate holds the lease; leadership lost');
        return;
      }
      if (this.clock.now() - lastRenewed >= this.renewDeadlineMs) {
        this.logger.error({ renewDeadlineMs: this.renewDeadlineMs }, 'could not renew the lease within the deadline; leadership lost');
        return;
      }
    }
  }

  /** One try; undefined when it failed or was cut off (errors are logged, never thrown). */
  private async attempt(timeoutMs: number): Promise<Attempt | undefined> {
    const timeout = timeoutSignal(timeoutMs, this.clock);
    try {
      const outcome = await raceAbort(this.tryAcquireOrRenew(), timeout.signal);
      return outcome.aborted ? undefined : outcome.value;
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'lease acquire/renew failed');
      return undefined;
    } finally {
      timeout.cancel();
    }
  }

  private async tryAcquireOrRenew(): Promise<Attempt> {
    const now = this.clock.now();
    let lease: Lease;
    try {
      lease = await this.client.get(resources.leases, this.namespace, this.name);
    } catch (err) {
      if (!isApiError(err, 'NotFound')) throw err;
      return this.createLease(now);
    }
    this.observe(lease);
    const spec = lease.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    if (holder !== '' && holder !== this.identity && !isExpired(spec, now, this.leaseDurationSeconds)) {
      return 'held-by-other';
    }
    const wasMine = holder === this.identity;
    const next: Lease = structuredClone(lease);
    next.spec = {
      ...spec,
      holderIdentity: this.identity,
      leaseDurationSeconds: this.leaseDurationSeconds,
      renewTime: microTime(now),
      acquireTime: wasMine && spec.acquireTime ? spec.acquireTime : microTime(now),
      leaseTransitions: wasMine ? (spec.leaseTransitions ?? 0) : (spec.leaseTransitions ?? 0) + 1,
    };
    try {
      this.observe(await this.client.update(resources.leases, next));
      return 'acquired';
    } catch (err) {
      if (isApiError(err, 'Conflict')) return 'lost-race';
      throw err;
    }
  }

  private async createLease(now: number): Promise<Attempt> {
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        holderIdentity: this.identity,
        leaseDurationSeconds: this.leaseDurationSeconds,
        acquireTime: microTime(now),
        renewTime: microTime(now),
        leaseTransitions: 0,
      },
    };
    try {
      this.observe(await this.client.create(resources.leases, lease));
      return 'acquired';
    } catch (err) {
      if (isApiError(err, 'AlreadyExists') || isApiError(err, 'Conflict')) return 'lost-race';
      throw err;
    }
  }

  private observe(lease: Lease): void {
    const holder = lease.spec?.holderIdentity ?? '';
    if (holder === '' || holder === this.observedLeader) return;
    this.observedLeader = holder;
    this.logger.info({ holder }, 'new leader observed');
    try {
      this.callbacks.onNewLeader?.(holder);
    } catch (err) {
      this.logger.error({ err }, 'onNewLeader failed');
    }
  }

  /**
   * Clears holderIdentity (and shortens the duration, as client-go does) if
   * the lease is still ours, so the next candidate need not wait for expiry.
   */
  private async release(): Promise<void> {
    const attempt = async (): Promise<void> => {
      for (let tries = 1; ; tries++) {
        const lease = await this.client.get(resources.leases, this.namespace, this.name);
        if (lease.spec?.holderIdentity !== this.identity) return;
        const now = this.clock.now();
        const released: Lease = structuredClone(lease);
        released.spec = {
          ...lease.spec,
          holderIdentity: '',
          leaseDurationSeconds: 1,
          acquireTime: microTime(now),
          renewTime: microTime(now),
        };
        try {
          await this.client.update(resources.leases, released);
          this.logger.info('released the lease');
          return;
        } catch (err) {
          // A write of ours that was still in flight moved the resourceVersion: read again.
          if (!isApiError(err, 'Conflict') || tries >= RELEASE_ATTEMPTS) throw err;
        }
      }
    };
    const timeout = timeoutSignal(RELEASE_TIMEOUT_MS, this.clock);
    try {
      const outcome = await raceAbort(attempt(), timeout.signal);
      if (outcome.aborted) this.logger.warn({ timeoutMs: RELEASE_TIMEOUT_MS }, 'releasing the lease timed out');
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not release the lease');
    } finally {
      timeout.cancel();
    }
  }
}

/** The holder's renewTime + leaseDuration has passed (a lease never renewed counts as expired). */
export function isExpired(spec: LeaseSpec, nowMs: number, fallbackDurationSeconds: number): boolean {
  const renewed = spec.renewTime ? Date.parse(spec.renewTime) : NaN;
  if (Number.isNaN(renewed)) return true;
  const durationS = spec.leaseDurationSeconds ?? fallbackDurationSeconds;
  return renewed + durationS * 1000 < nowMs;
}

function validateTimings(identity: string, leaseDurationSeconds: number, renewDeadlineMs: number, retryPeriodMs: number): void {
  const problems: string[] = [];
  if (!identity) problems.push('identity must not be empty');
  if (!(leaseDurationSeconds * 1000 > renewDeadlineMs)) problems.push('leaseDuration must be greater than renewDeadline');
  if (!(renewDeadlineMs > retryPeriodMs * RETRY_JITTER_FACTOR)) {
    problems.push(`renewDeadline must be greater than retryPeriod*${RETRY_JITTER_FACTOR}`);
  }
  if (!(retryPeriodMs > 0)) problems.push('retryPeriod must be greater than zero');
  if (problems.length > 0) throw new ApiError('BadRequest', `invalid leader election settings: ${problems.join('; ')}`);
}
