// The kubelet's /stats/summary document, the subset metrics consumers read:
// per node, pod and container, CPU (cumulative and as a rate) and the memory
// working set, each stamped with the time of its sample.

export interface CpuStats {
  /** RFC 3339 time of the newest sample. */
  time: string;
  /** Cores in use, in billionths, between the two newest samples; absent until there are two. */
  usageNanoCores?: number;
  /** Cumulative CPU time since the container (or node) started. */
  usageCoreNanoSeconds: number;
  /**
   * Seconds between the two samples `usageNanoCores` is measured over: the
   * metrics API's `window`. Not in the kubelet's document, which leaves the
   * window implicit in its housekeeping interval.
   */
  windowSeconds?: number;
}

export interface MemoryStats {
  time: string;
  workingSetBytes: number;
}

export interface ContainerStats {
  name: string;
  startTime: string;
  cpu: CpuStats;
  memory: MemoryStats;
}

export interface PodReference {
  name: string;
  namespace: string;
  uid: string;
}

export interface PodStats {
  podRef: PodReference;
  startTime: string;
  containers: ContainerStats[];
  cpu: CpuStats;
  memory: MemoryStats;
}

export interface NodeStats {
  nodeName: string;
  cpu: CpuStats;
  memory: MemoryStats;
}

export interface Summary {
  node: NodeStats;
  pods: PodStats[];
}
