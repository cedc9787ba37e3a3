// Pending pods on their way to a node. Three places, as kube-scheduler's
// priority queue:
// - activeQ: ready to be tried, highest priority first, then oldest;
// - backoffQ: failed recently, waiting out 1 s doubling to 10 s;
// - unschedulable: no node fitted; they leave when a cluster event could
//   help them, or after UNSCHEDULABLE_MAX_MS regardless.
import type { Pod } from '../../api/types/index.js';
import { newPodInfo, podKey, type PodInfo } from '../framework/pod-info.js';
import { KeyedHeap } from './heap.js';
import { FORCE_ACTIVATE, mayHelp, UNSCHEDULABLE_TIMEOUT, type ClusterEvent } from './cluster-event.js';
import type { Clock } from '../../client/clock.js';

export const INITIAL_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 10_000;
export const UNSCHEDULABLE_MAX_MS = 60_000;
export const BACKOFF_FLUSH_INTERVAL_MS = 1_000;
/** Checked often so no pod waits much past UNSCHEDULABLE_MAX_MS. */
export const UNSCHEDULABLE_FLUSH_INTERVAL_MS = 1_000;

export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When it last entered the queue (activeQ order, backoff start). */
  timestamp: number;
  /** When it first entered the queue (end-to-end latency). */
  initialAttemptTimestamp: number;
  attempts: number;
  /** Plugins that rejected it last time; empty after an error. */
  unschedulablePlugins: Set<string>;
}

export interface QueueOptions {
  /** What times queueing, backoff and the unschedulable pool's expiry. */
  clock: Clock;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  unschedulableMaxMs?: number;
  backoffFlushIntervalMs?: number;
}

export interface QueueLengths {
  active: number;
  backoff: number;
  unschedulable: number;
}

function priorityOf(q: QueuedPodInfo): number {
  return q.podInfo.pod.spec.priority ?? 0;
}

/** Fields a pod update may change without changing where the pod could go. */
function schedulingRelevant(pod: Pod): unknown {
  const { resourceVersion: _rv, generation: _gen, managedFields: _mf, ...metadata } = pod.metadata;
  return { metadata, spec: pod.spec };
}

export class SchedulingQueue {
  private readonly clock: Clock;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly unschedulableMaxMs: number;
  private readonly backoffFlushIntervalMs: number;
  private readonly activeQ: KeyedHeap<QueuedPodInfo>;
  private readonly backoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private schedulingCycle = 0;
  /**
   * The cycle of the last move request, overall and per plugin it concerned: a
   * pod tried before it may have missed an event that would have helped it.
   */
  private moveAllCycle = -1;
  private readonly moveCycleByPlugin = new Map<string, number>();
  private waiters: ((q: QueuedPodInfo | undefined) => void)[] = [];
  private closed = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(opts: QueueOptions) {
    this.clock = opts.clock;
    this.initialBackoffMs = opts.initialBackoffMs ?? INITIAL_BACKOFF_MS;
    this.maxBackoffMs = opts.maxBackoffMs ?? MAX_BACKOFF_MS;
    this.unschedulableMaxMs = opts.unschedulableMaxMs ?? UNSCHEDULABLE_MAX_MS;
    this.backoffFlushIntervalMs = opts.backoffFlushIntervalMs ?? BACKOFF_FLUSH_INTERVAL_MS;
    const key = (q: QueuedPodInfo) => q.podInfo.key;
    this.activeQ = new KeyedHeap(key, (a, b) => {
      const pa = priorityOf(a);
      const pb = priorityOf(b);
      return pa !== pb ? pa > pb : a.timestamp < b.timestamp;
    });
    this.backoffQ = new KeyedHeap(key, (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  }

  /** Starts the periodic flushes. */
  run(): void {
    this.timers.push(setInterval(() => this.flushBackoffQCompleted(), this.backoffFlushIntervalMs));
    this.timers.push(setInterval(() => this.flushUnschedulableLeftover(), UNSCHEDULABLE_FLUSH_INTERVAL_MS));
    for (const t of this.timers) t.unref();
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  get cycle(): number {
    return this.schedulingCycle;
  }

  lengths(): QueueLengths {
    return { active: this.activeQ.size, backoff: this.backoffQ.size, unschedulable: this.unschedulable.size };
  }

  has(key: string): boolean {
    return this.activeQ.has(key) || this.backoffQ.has(key) || this.unschedulable.has(key);
  }

  /** A new pending pod. */
  add(pod: Pod): void {
    const now = this.clock.now();
    const q: QueuedPodInfo = {
      podInfo: newPodInfo(pod),
      timestamp: now,
      initialAttemptTimestamp: now,
      attempts: 0,
      unschedulablePlugins: new Set(),
    };
    this.backoffQ.delete(q.podInfo.key);
    this.unschedulable.delete(q.podInfo.key);
    this.pushActive(q);
  }

  update(oldPod: Pod | undefined, newPod: Pod): void {
    const key = podKey(newPod);
    const inActive = this.activeQ.get(key);
    if (inActive) {
      this.activeQ.addOrUpdate({ ...inActive, podInfo: newPodInfo(newPod) });
      return;
    }
    const inBackoff = this.backoffQ.get(key);
    if (inBackoff) {
      this.backoffQ.addOrUpdate({ ...inBackoff, podInfo: newPodInfo(newPod) });
      return;
    }
    const waiting = this.unschedulable.get(key);
    if (waiting) {
      const updated = { ...waiting, podInfo: newPodInfo(newPod) };
      const changed = !oldPod || JSON.stringify(schedulingRelevant(oldPod)) !== JSON.stringify(schedulingRelevant(newPod));
      if (!changed) {
        this.unschedulable.set(key, updated);
        return;
      }
      this.unschedulable.delete(key);
      if (this.isBackingOff(updated)) this.backoffQ.addOrUpdate(updated);
      else this.pushActive(updated);
      return;
    }
    this.add(newPod);
  }

  delete(pod: Pick<Pod, 'metadata'>): void {
    const key = podKey(pod);
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulable.delete(key);
  }

  /** The next pod to try; waits until there is one. Undefined once closed or aborted. */
  pop(signal?: AbortSignal): Promise<QueuedPodInfo | undefined> {
    const ready = this.popNow();
    if (ready || this.closed || signal?.aborted) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const waiter = (q: QueuedPodInfo | undefined) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(q);
      };
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /**
   * Puts back a pod that could not be placed. With plugins that rejected it
   * (and no move request since it was popped) it waits in unschedulable;
   * after an error it backs off.
   */
  addUnschedulableIfNotPresent(q: QueuedPodInfo, podSchedulingCycle: number): void {
    const key = q.podInfo.key;
    if (this.has(key)) return;
    const back: QueuedPodInfo = { ...q, timestamp: this.clock.now() };
    if (q.unschedulablePlugins.size === 0 || this.movedSince(q.unschedulablePlugins, podSchedulingCycle)) {
      this.backoffQ.addOrUpdate(back);
    } else {
      this.unschedulable.set(key, back);
    }
  }

  /** A cluster change: unschedulable pods it may help go to backoffQ or activeQ. */
  moveAllToActiveOrBackoff(event: ClusterEvent): void {
    const moving: QueuedPodInfo[] = [];
    for (const q of this.unschedulable.values()) if (mayHelp(event, q.unschedulablePlugins)) moving.push(q);
    this.movePods(moving);
    if (!event.plugins) this.moveAllCycle = this.schedulingCycle;
    else for (const p of event.plugins) this.moveCycleByPlugin.set(p, this.schedulingCycle);
  }

  private movedSince(plugins: ReadonlySet<string>, cycle: number): boolean {
    if (this.moveAllCycle >= cycle) return true;
    for (const p of plugins) if ((this.moveCycleByPlugin.get(p) ?? -1) >= cycle) return true;
    return false;
  }

  /** Unschedulable pods that have waited long enough get another try. */
  flushUnschedulableLeftover(): void {
    const now = this.clock.now();
    const stale = [...this.unschedulable.values()].filter((q) => now - q.timestamp >= this.unschedulableMaxMs);
    if (stale.length > 0) this.movePods(stale, UNSCHEDULABLE_TIMEOUT);
  }

  flushBackoffQCompleted(): void {
    const now = this.clock.now();
    for (;;) {
      const head = this.backoffQ.peek();
      if (!head || this.backoffExpiry(head) > now) return;
      this.backoffQ.pop();
      this.pushActive(head);
    }
  }

  /** Moves everything waiting straight to activeQ (tests, shutdown of a filter's cause). */
  activateAll(): void {
    this.moveAllToActiveOrBackoff(FORCE_ACTIVATE);
  }

  backoffDuration(q: QueuedPodInfo): number {
    let d = this.initialBackoffMs;
    for (let i = 1; i < q.attempts; i++) {
      d *= 2;
      if (d >= this.maxBackoffMs) return this.maxBackoffMs;
    }
    return Math.min(d, this.maxBackoffMs);
  }

  private backoffExpiry(q: QueuedPodInfo): number {
    return q.timestamp + this.backoffDuration(q);
  }

  private isBackingOff(q: QueuedPodInfo): boolean {
    return q.attempts > 0 && this.backoffExpiry(q) > this.clock.now();
  }

  private movePods(pods: QueuedPodInfo[], _event?: ClusterEvent): void {
    for (const q of pods) {
      this.unschedulable.delete(q.podInfo.key);
      if (this.isBackingOff(q)) this.backoffQ.addOrUpdate(q);
      else this.pushActive(q);
    }
  }

  private popNow(): QueuedPodInfo | undefined {
    const q = this.activeQ.pop();
    if (!q) return undefined;
    q.attempts++;
    this.schedulingCycle++;
    return q;
  }

  private pushActive(q: QueuedPodInfo): void {
    const waiter = this.waiters.shift();
    if (waiter) {
      this.activeQ.addOrUpdate(q);
      waiter(this.popNow());
      return;
    }
    this.activeQ.addOrUpdate(q);
  }
}
