// CPU time and resident memory of processes on this machine (Linux /proc),
// to say per operation what each process of a run spent.
import { readFileSync } from 'node:fs';

/** Linux reports utime and stime in clock ticks of 1/100 s. */
const CLOCK_TICKS_PER_SECOND = 100;
/** utime and stime: fields 14 and 15 of /proc/<pid>/stat, counted after the ")" that ends the command name. */
const UTIME_AFTER_NAME = 11;

/** User + system CPU milliseconds a process has used so far. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[UTIME_AFTER_NAME]) + Number(fields[UTIME_AFTER_NAME + 1]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** CPU milliseconds each named process spends while `work` runs. */
export async function measureCpu<T>(pids: Record<string, number>, work: () => Promise<T>): Promise<{ result: T; cpu: Record<string, number> }> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const result = await work();
  const cpu = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid) - before[name]]));
  return { result, cpu };
}

/** Resident set size in MiB (VmRSS of /proc/<pid>/status). */
export function rssMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}
