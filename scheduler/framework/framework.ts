// One scheduling decision: filter the nodes (stopping once enough feasible
// ones are found, starting where the previous pod stopped so every node gets
// its turn), score the feasible ones, pick the best, ties at random.
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import { FitError, type NodeRejection } from './fit-error.js';
import { numFeasibleNodesToFind } from './nodes-to-find.js';
import { PreFilterRejection, SKIP_FILTER, UniformScore, type FilterPlugin, type PreBindPlugin, type ReservePlugin, type ScorePlugin } from './types.js';

/** A reserve or pre-bind step that failed; its message is the FailedScheduling event's. */
export class BindingCycleError extends Error {}

export interface FrameworkOptions {
  filters: FilterPlugin<unknown>[];
  scorers: ScorePlugin[];
  reservers?: ReservePlugin[];
  preBinders?: PreBindPlugin[];
  /** 0: adaptive as kube-scheduler; 100: every node. */
  percentageOfNodesToScore?: number;
  random?: () => number;
}

export interface ScheduleResult {
  nodeName: string;
  evaluatedNodes: number;
  feasibleNodes: number;
}

export class Framework {
  private readonly filters: FilterPlugin<unknown>[];
  private readonly scorers: ScorePlugin[];
  private readonly reservers: ReservePlugin[];
  private readonly preBinders: PreBindPlugin[];
  private readonly percentage: number;
  private readonly random: () => number;
  private nextStartNodeIndex = 0;

  constructor(opts: FrameworkOptions) {
    this.filters = opts.filters;
    this.scorers = opts.scorers;
    this.reservers = opts.reservers ?? [];
    this.preBinders = opts.preBinders ?? [];
    this.percentage = opts.percentageOfNodesToScore ?? 0;
    this.random = opts.random ?? Math.random;
  }

  /** Each filter's per-pod state, in filter order. */
  preFilter(pod: PodInfo, nodes: readonly NodeInfo[]): unknown[] {
    return this.filters.map((plugin) => plugin.preFilter?.(pod, nodes));
  }

  /** preFilter, turning a PreFilterRejection into a FitError that charges every node to its plugin. */
  private preFilterOrReject(pod: PodInfo, nodes: readonly NodeInfo[]): unknown[] {
    return this.filters.map((plugin) => {
      try {
        return plugin.preFilter?.(pod, nodes);
      } catch (err) {
        if (!(err instanceof PreFilterRejection)) throw err;
        const rejections = new Map(nodes.map((n): [string, NodeRejection] => [n.name, { plugin: plugin.name, reasons: [err.reason] }]));
        throw new FitError(nodes.length, rejections, err.reason);
      }
    });
  }

  /** Runs the filters on one node; the first plugin that rejects it answers. */
  runFilters(pod: PodInfo, node: NodeInfo, states: readonly unknown[] = this.preFilter(pod, [node])): NodeRejection | null {
    for (let i = 0; i < this.filters.length; i++) {
      // A skipping filter passes nodes with a Node object; one without is judged in full.
      if (states[i] === SKIP_FILTER && node.node !== undefined) continue;
      const rejection = this.runFilter(i, pod, node, states[i]);
      if (rejection) return rejection;
    }
    return null;
  }

  private runFilter(i: number, pod: PodInfo, node: NodeInfo, state: unknown): NodeRejection | null {
    const plugin = this.filters[i]!;
    const result = plugin.filter(pod, node, state);
    return result ? { plugin: plugin.name, reasons: result.reasons } : null;
  }

  /** Throws FitError when no node fits. */
  schedule(pod: PodInfo, nodes: readonly NodeInfo[]): ScheduleResult {
    const { feasible, rejections, evaluated } = this.findNodesThatFit(pod, nodes);
    if (feasible.length === 0) throw new FitError(nodes.length, rejections);
    if (feasible.length === 1) return { nodeName: feasible[0]!.name, evaluatedNodes: evaluated, feasibleNodes: 1 };
    const scores = this.scoreNodes(pod, feasible, nodes);
    return { nodeName: this.selectHost(feasible, scores), evaluatedNodes: evaluated, feasibleNodes: feasible.length };
  }

  findNodesThatFit(
    pod: PodInfo,
    nodes: readonly NodeInfo[],
  ): { feasible: NodeInfo[]; rejections: Map<string, NodeRejection>; evaluated: number } {
    const feasible: NodeInfo[] = [];
    const rejections = new Map<string, NodeRejection>();
    const total = nodes.length;
    if (total === 0) return { feasible, rejections, evaluated: 0 };
    const wanted = numFeasibleNodesToFind(total, this.percentage);
    const start = this.nextStartNodeIndex % total;
    const states = this.preFilterOrReject(pod, nodes);
    const active: number[] = [];
    for (let i = 0; i < states.length; i++) if (states[i] !== SKIP_FILTER) active.push(i);
    let evaluated = 0;
    while (evaluated < total && feasible.length < wanted) {
      const node = nodes[(start + evaluated) % total]!;
      evaluated++;
      let rejection: NodeRejection | null = null;
      if (node.node === undefined) rejection = this.runFilters(pod, node, states);
      else for (let a = 0; a < active.length && !rejection; a++) rejection = this.runFilter(active[a]!, pod, node, states[active[a]!]);
      if (rejection) rejections.set(node.name, rejection);
      else feasible.push(node);
    }
    this.nextStartNodeIndex = (start + evaluated) % total;
    return { feasible, rejections, evaluated };
  }

  /** Weighted sum of every scorer's normalized score, one entry per node. */
  scoreNodes(pod: PodInfo, nodes: readonly NodeInfo[], allNodes: readonly NodeInfo[] = nodes): number[] {
    const totals = new Array<number>(nodes.length).fill(0);
    const scores = new Array<number>(nodes.length);
    for (const plugin of this.scorers) {
      const state = plugin.preScore?.(pod, nodes, allNodes);
      if (state instanceof UniformScore) {
        const add = state.score * plugin.weight;
        for (let i = 0; i < totals.length; i++) totals[i]! += add;
        continue;
      }
      for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score(pod, nodes[i]!, state);
      plugin.normalize?.(scores, nodes);
      for (let i = 0; i < scores.length; i++) totals[i]! += scores[i]! * plugin.weight;
    }
    return totals;
  }

  /** The highest score; among equals, each has the same chance (reservoir sampling). */
  selectHost(nodes: readonly NodeInfo[], scores: readonly number[]): string {
    let best = 0;
    let ties = 1;
    for (let i = 1; i < nodes.length; i++) {
      if (scores[i]! > scores[best]!) {
        best = i;
        ties = 1;
      } else if (scores[i] === scores[best]) {
        ties++;
        if (this.random() * ties < 1) best = i;
      }
    }
    return nodes[best]!.name;
  }

  /** Reserves in order; on the first failure the ones already reserved are undone, and it throws. */
  reserve(pod: PodInfo, node: NodeInfo): void {
    for (let i = 0; i < this.reservers.length; i++) {
      const plugin = this.reservers[i]!;
      const failure = plugin.reserve(pod, node);
      if (!failure) continue;
      for (let j = i; j >= 0; j--) this.reservers[j]!.unreserve(pod, node.name);
      throw new BindingCycleError(`running Reserve plugin "${plugin.name}": ${failure.reasons.join(', ')}`);
    }
  }

  /** In reverse order, as kube-scheduler unwinds. */
  unreserve(pod: PodInfo, nodeName: string): void {
    for (let i = this.reservers.length - 1; i >= 0; i--) this.reservers[i]!.unreserve(pod, nodeName);
  }

  /** Each pre-binder in turn; the first rejection stops the bind (the caller unreserves). */
  async preBind(pod: PodInfo, nodeName: string, signal: AbortSignal): Promise<void> {
    for (const plugin of this.preBinders) {
      try {
        await plugin.preBind(pod, nodeName, signal);
      } catch (err) {
        throw new BindingCycleError(`running PreBind plugin "${plugin.name}": ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}
