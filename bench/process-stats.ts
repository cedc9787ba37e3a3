// CPU time and resident memory of processes on this machine (Linux /proc),
// to say per operation what each process of a run spent.
import { processUsage } from './process-usage.js';

const MS_PER_SECOND = 1000;
const BYTES_PER_MIB = 1024 * 1024;

/** User + system CPU milliseconds a process has used so far (NaN once it is gone). */
export function cpuMs(pid: number): number {
  return (processUsage(pid)?.cpuSeconds ?? Number.NaN) * MS_PER_SECOND;
}

/** CPU milliseconds each named process spends while `work` runs. */
export async function measureCpu<T>(pids: Record<string, number>, work: () => Promise<T>): Promise<{ result: T; cpu: Record<string, number> }> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const result = await work();
  const cpu = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid) - before[name]]));
  return { result, cpu };
}

/** Resident set size in MiB. */
export function rssMiB(pid: number): number {
  return (processUsage(pid)?.rssBytes ?? Number.NaN) / BYTES_PER_MIB;
}
