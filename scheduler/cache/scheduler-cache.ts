// Nodes and the pods on them, from the informers, plus the pods the
// scheduler has decided on but whose binding it has not seen yet (assumed),
// so the next decision already counts them.
// Lifecycle of an assumed pod: assume (decision made) -> finishBinding (bind
// call answered) -> confirmed when the informer shows it bound, forgotten if
// the bind failed, expired if the confirmation never comes.
import type { Node, Pod } from '../../api/types/index.js';
import { NodeInfo } from '../framework/node-info.js';
import { newPodInfo, podKey, type PodInfo } from '../framework/pod-info.js';
import type { Clock } from '../../client/clock.js';

/** How long an assumed pod whose bind succeeded may wait for the informer to show it. */
export const ASSUMED_POD_TTL_MS = 30_000;
export const CLEANUP_INTERVAL_MS = 1_000;

interface PodState {
  info: PodInfo;
  nodeName: string;
  /** Set once the bind call returned; expiry counts from then. */
  deadline: number | undefined;
}

export interface CacheOptions {
  /** What times the expiry of assumed pods. */
  clock: Clock;
  assumedPodTtlMs?: number;
  onExpire?: (pod: Pod) => void;
}

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly podStates = new Map<string, PodState>();
  private readonly assumed = new Set<string>();
  /** Node list in a stable order for the framework; rebuilt lazily when nodes come or go. */
  private nodeList: NodeInfo[] | undefined;
  private readonly clock: Clock;
  private readonly ttl: number;
  private readonly onExpire: ((pod: Pod) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(opts: CacheOptions) {
    this.clock = opts.clock;
    this.ttl = opts.assumedPodTtlMs ?? ASSUMED_POD_TTL_MS;
    this.onExpire = opts.onExpire;
  }

  run(): void {
    this.timer = setInterval(() => this.cleanupAssumedPods(), CLEANUP_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Nodes that have a Node object (pods may name a node not seen yet). */
  listNodes(): readonly NodeInfo[] {
    if (!this.nodeList) this.nodeList = [...this.nodes.values()].filter((n) => n.node !== undefined);
    return this.nodeList;
  }

  getNode(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  nodeCount(): number {
    return this.listNodes().length;
  }

  isAssumed(key: string): boolean {
    return this.assumed.has(key);
  }

  podCount(): number {
    return this.podStates.size;
  }

  addNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const existing = this.nodes.get(name);
    if (existing) {
      const hadNode = existing.node !== undefined;
      existing.setNode(node);
      if (!hadNode) this.nodeList = undefined;
      return;
    }
    this.nodes.set(name, new NodeInfo(name, node));
    this.nodeList = undefined;
  }

  updateNode(node: Node): void {
    this.addNode(node);
  }

  removeNode(node: Pick<Node, 'metadata'>): void {
    const name = node.metadata.name ?? '';
    const info = this.nodes.get(name);
    if (!info) return;
    // Pods still bound there keep their accounting until they go; the node just stops being a candidate.
    if (info.pods.size > 0) info.node = undefined;
    else this.nodes.delete(name);
    this.nodeList = undefined;
  }

  /**
   * The scheduler's decision, counted at once. `pod` carries spec.nodeName;
   * `info`, when given, is the PodInfo the decision was made with (the node
   * name changes none of what it derives), so it is not computed again.
   */
  assumePod(pod: Pod, info?: PodInfo): void {
    const key = podKey(pod);
    if (this.podStates.has(key)) throw new Error(`pod ${key} is already in the cache`);
    const nodeName = pod.spec.nodeName ?? '';
    this.addToNode(nodeName, info ? { ...info, pod } : newPodInfo(pod));
    this.podStates.set(key, { info: this.nodes.get(nodeName)!.pods.get(key)!, nodeName, deadline: undefined });
    this.assumed.add(key);
  }

  /** The bind call answered; the assumption now expires unless the informer confirms it. */
  finishBinding(pod: Pick<Pod, 'metadata'>): void {
    const key = podKey(pod);
    const state = this.podStates.get(key);
    if (state && this.assumed.has(key)) state.deadline = this.clock.now() + this.ttl;
  }

  /** The bind failed: take the decision back. */
  forgetPod(pod: Pick<Pod, 'metadata'>): void {
    const key = podKey(pod);
    if (!this.assumed.has(key)) return;
    this.removeState(key);
  }

  /** A bound pod seen by the informer; confirms an assumption (moving it if it landed elsewhere). */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    const state = this.podStates.get(key);
    if (state) {
      if (!this.assumed.has(key)) {
        this.updatePod(pod);
        return;
      }
      this.assumed.delete(key);
      this.removeState(key);
    }
    const nodeName = pod.spec.nodeName ?? '';
    this.addToNode(nodeName, newPodInfo(pod));
    this.podStates.set(key, { info: this.nodes.get(nodeName)!.pods.get(key)!, nodeName, deadline: undefined });
  }

  updatePod(pod: Pod): void {
    const key = podKey(pod);
    if (this.assumed.has(key) || !this.podStates.has(key)) {
      this.addPod(pod);
      return;
    }
    this.removeState(key);
    this.addPod(pod);
  }

  removePod(pod: Pick<Pod, 'metadata'>): void {
    const key = podKey(pod);
    if (this.podStates.has(key)) this.removeState(key);
  }

  /** Drops assumptions whose bind answered long ago but never showed up. */
  cleanupAssumedPods(): void {
    const now = this.clock.now();
    for (const key of [...this.assumed]) {
      const state = this.podStates.get(key);
      if (!state || state.deadline === undefined || state.deadline > now) continue;
      const pod = state.info.pod;
      this.removeState(key);
      this.onExpire?.(pod);
    }
  }

  private addToNode(nodeName: string, info: PodInfo): void {
    let node = this.nodes.get(nodeName);
    if (!node) this.nodes.set(nodeName, (node = new NodeInfo(nodeName)));
    node.addPod(info);
  }

  private removeState(key: string): void {
    const state = this.podStates.get(key);
    if (!state) return;
    this.podStates.delete(key);
    this.assumed.delete(key);
    const node = this.nodes.get(state.nodeName);
    if (!node) return;
    node.removePod(key);
    if (node.node === undefined && node.pods.size === 0) this.nodes.delete(state.nodeName);
  }
}
