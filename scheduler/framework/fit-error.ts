// The message a pod that fits nowhere gets, in kube-scheduler's format:
// `0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient memory.`
// Every reason of every rejected node is counted; the "<count> <reason>"
// strings are sorted as strings. A pod turned down before any node was looked
// at (a missing claim) gets that one reason, without a count:
// `0/3 nodes are available: persistentvolumeclaim "data" not found.`

export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

export interface NodeRejection {
  plugin: string;
  reasons: string[];
}

export class FitError extends Error {
  readonly numAllNodes: number;
  /** node name -> why it was rejected */
  readonly rejections: ReadonlyMap<string, NodeRejection>;

  constructor(numAllNodes: number, rejections: ReadonlyMap<string, NodeRejection>, preFilterReason?: string) {
    super(preFilterReason && numAllNodes > 0 ? `0/${numAllNodes} nodes are available: ${preFilterReason}.` : fitErrorMessage(numAllNodes, rejections));
    this.name = 'FitError';
    this.numAllNodes = numAllNodes;
    this.rejections = rejections;
  }

  /** Names of the plugins that rejected at least one node. */
  unschedulablePlugins(): Set<string> {
    return new Set([...this.rejections.values()].map((r) => r.plugin));
  }
}

export function fitErrorMessage(numAllNodes: number, rejections: ReadonlyMap<string, NodeRejection>): string {
  if (numAllNodes === 0) return ERR_NO_NODES_AVAILABLE;
  const histogram = new Map<string, number>();
  for (const { reasons } of rejections.values()) {
    for (const reason of reasons) histogram.set(reason, (histogram.get(reason) ?? 0) + 1);
  }
  const parts = [...histogram].map(([reason, count]) => `${count} ${reason}`).sort();
  return `0/${numAllNodes} nodes are available: ${parts.join(', ')}.`;
}
