// Turns two cumulative samples into the stats the summary reports: the rate
// is the CPU time spent between them over the wall time between them.
import type { CgroupUsage } from './cgroup-files.js';
import type { CpuStats, MemoryStats } from '../../api/types/stats-summary.js';

const NS_PER_SECOND = 1e9;
const MS_PER_SECOND = 1000;

export interface UsageSample extends CgroupUsage {
  /** Epoch milliseconds of the reading. */
  atMs: number;
}

/** Nanocores between two samples; undefined when there is no earlier one, time did not move, or the counter went back (a restart). */
export function nanoCoresBetween(previous: UsageSample | undefined, current: UsageSample): number | undefined {
  if (!previous) return undefined;
  const elapsedNs = ((current.atMs - previous.atMs) / MS_PER_SECOND) * NS_PER_SECOND;
  const usedNs = current.cpuUsageNanoSeconds - previous.cpuUsageNanoSeconds;
  if (elapsedNs <= 0 || usedNs < 0) return undefined;
  return Math.round((usedNs / elapsedNs) * NS_PER_SECOND);
}

export function cpuStats(previous: UsageSample | undefined, current: UsageSample): CpuStats {
  const nanoCores = nanoCoresBetween(previous, current);
  return {
    time: new Date(current.atMs).toISOString(),
    usageCoreNanoSeconds: current.cpuUsageNanoSeconds,
    ...(nanoCores === undefined || !previous ? {} : { usageNanoCores: nanoCores, windowSeconds: (current.atMs - previous.atMs) / MS_PER_SECOND }),
  };
}

export function memoryStats(current: UsageSample): MemoryStats {
  return { time: new Date(current.atMs).toISOString(), workingSetBytes: current.memoryWorkingSetBytes };
}

/** The sum of several containers' samples taken together (a pod's). */
export function sumSamples(samples: readonly UsageSample[], atMs: number): UsageSample {
  return samples.reduce(
    (acc, s) => ({ atMs, cpuUsageNanoSeconds: acc.cpuUsageNanoSeconds + s.cpuUsageNanoSeconds, memoryWorkingSetBytes: acc.memoryWorkingSetBytes + s.memoryWorkingSetBytes }),
    { atMs, cpuUsageNanoSeconds: 0, memoryWorkingSetBytes: 0 },
  );
}
