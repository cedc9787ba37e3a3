// A small pool of pause containers made ahead of any pod, so a pod start costs
// one joined container instead of a namespace-owning sandbox plus it. The pool
// fills only while no pod start is in flight (it never competes with a pod for
// the engine), empties when the node is cordoned or the agent stops, and hands
// each waiting sandbox to exactly one pod: claiming is a synchronous take from
// the list, then a rename that records the owner in Docker for the next agent.
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Pod } from '../../api/types/index.js';
import type { CancelTimer, Clock } from '../clock.js';
import { claimedSandboxName, poolMemberName } from '../labels.js';
import { poolSandboxCreateOptions } from '../runtime/container-spec.js';
import type { ContainerRuntime, RuntimeContainer } from '../runtime/runtime-types.js';

/** The engine must have been free of pod starts this long before the pool adds a sandbox. */
export const POOL_REFILL_IDLE_MS = 250;
/** After the engine refused a pool sandbox, the pool tries again this much later. */
export const POOL_REFILL_RETRY_MS = 10_000;
/** Random bytes in a waiting sandbox's name, so names never collide with a previous agent's. */
const NAME_SUFFIX_BYTES = 4;

export interface SandboxPoolOptions {
  runtime: ContainerRuntime;
  clock: Clock;
  logger: Logger;
  node: string;
  pauseImage: string;
  network: string;
  /** How many sandboxes wait; 0 turns the pool off. */
  size: number;
}

export class SandboxPool {
  /** Running pool sandboxes that no pod has claimed, oldest first. */
  private readonly ready: string[] = [];
  private podStarts = 0;
  private cordoned = false;
  private stopped = false;
  private refilling: Promise<void> | undefined;
  private cancelTimer: CancelTimer = () => undefined;

  constructor(private readonly opts: SandboxPoolOptions) {}

  /** Sandboxes waiting for a pod. */
  get readyCount(): number {
    return this.ready.length;
  }

  /**
   * Takes over what a previous agent left: waiting sandboxes return to the
   * pool, stopped or surplus ones are removed. Claimed ones belong to their
   * pods (the orphan sweep removes those whose pod is gone).
   */
  async start(): Promise<void> {
    for (const member of await this.opts.runtime.listPool()) {
      if (member.podUid) continue;
      if (member.running && !this.cordoned && !this.stopped && this.ready.length < this.opts.size) this.ready.push(member.id);
      else await this.removeMember(member.id);
    }
    if (this.opts.size > 0) this.opts.logger.info({ adopted: this.ready.length, size: this.opts.size }, 'sandbox pool started');
    this.scheduleRefill(POOL_REFILL_IDLE_MS);
  }

  /**
   * A waiting sandbox for the pod, renamed to the pod's, or undefined when none
   * waits (or the one taken turned out dead: it is removed and the pod takes a
   * fresh sandbox). Each sandbox is taken off the list before any await, so two
   * pods never get the same one.
   */
  async claim(pod: Pod): Promise<RuntimeContainer | undefined> {
    const id = this.ready.shift();
    // Nothing waits (or the pool is off): the pod creates its own sandbox.
    if (!id) return undefined;
    try {
      await this.opts.runtime.rename(id, claimedSandboxName(pod));
      const sandbox = await this.opts.runtime.inspect(id);
      if (sandbox?.state !== 'running' || sandbox.podUid !== pod.metadata.uid) throw new Error('the pool sandbox is no longer running');
      return sandbox;
    } catch (err) {
      this.opts.logger.warn({ sandbox: id.slice(0, 12), err: err instanceof Error ? err.message : String(err) }, 'pool sandbox could not be claimed; the pod takes a fresh one');
      await this.removeMember(id).catch(() => undefined);
      return undefined;
    } finally {
      this.scheduleRefill(POOL_REFILL_IDLE_MS);
    }
  }

  /** Runs one pod's sync; the pool adds sandboxes only when none runs. */
  async whilePodStarts<T>(fn: () => Promise<T>): Promise<T> {
    this.podStarts++;
    try {
      return await fn();
    } finally {
      this.podStarts--;
      this.scheduleRefill(POOL_REFILL_IDLE_MS);
    }
  }

  /** A cordoned node takes no new pods: its waiting sandboxes would only hold memory and addresses. */
  async setCordoned(cordoned: boolean): Promise<void> {
    if (cordoned === this.cordoned) return;
    this.cordoned = cordoned;
    this.opts.logger.info({ cordoned }, cordoned ? 'node cordoned: draining the sandbox pool' : 'node uncordoned: refilling the sandbox pool');
    if (cordoned) await this.drain();
    else this.scheduleRefill(POOL_REFILL_IDLE_MS);
  }

  /** Removes every waiting sandbox; claimed ones stay with their pods. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer();
    await this.refilling;
    await this.drain();
  }

  private async drain(): Promise<void> {
    // A refill in flight may still add one: it checks again before it keeps it.
    await this.refilling;
    const ids = this.ready.splice(0);
    await Promise.all(ids.map((id) => this.removeMember(id)));
  }

  private wanted(): boolean {
    return !this.stopped && !this.cordoned && this.podStarts === 0 && this.ready.length < this.opts.size;
  }

  private scheduleRefill(delayMs: number): void {
    if (this.refilling || !this.wanted()) return;
    this.cancelTimer();
    this.cancelTimer = this.opts.clock.after(delayMs, () => {
      if (this.refilling || !this.wanted()) return;
      this.refilling = this.refill().then((retry) => {
        this.refilling = undefined;
        this.scheduleRefill(retry ? POOL_REFILL_RETRY_MS : POOL_REFILL_IDLE_MS);
      });
    });
  }

  /** Adds sandboxes one at a time while the engine stays idle; answers true when the engine refused one. */
  private async refill(): Promise<boolean> {
    while (this.wanted()) {
      let id: string | undefined;
      try {
        id = await this.createMember();
      } catch (err) {
        this.opts.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not add a sandbox to the pool');
        return true;
      }
      if (this.stopped || this.cordoned) {
        await this.removeMember(id);
        return false;
      }
      this.ready.push(id);
    }
    return false;
  }

  private async createMember(): Promise<string> {
    const { runtime, node, pauseImage, network } = this.opts;
    const name = poolMemberName(node, randomBytes(NAME_SUFFIX_BYTES).toString('hex'));
    const id = await runtime.create(poolSandboxCreateOptions({ node, name, pauseImage, network }));
    try {
      await runtime.start(id);
    } catch (err) {
      await this.removeMember(id).catch(() => undefined);
      throw err;
    }
    return id;
  }

  private removeMember(id: string): Promise<void> {
    return this.opts.runtime.removeSandbox(id, this.opts.network);
  }
}
