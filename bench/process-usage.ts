// CPU time and memory of a running process from /proc (Linux), so a
// benchmark can say which process a run's time went to: on a shared machine
// CPU seconds per pod stay meaningful when wall-clock rates do not.
import { readFileSync } from 'node:fs';

/** Kernel clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS_PER_SECOND = 100;
/** utime and stime are the 14th and 15th fields; counted after the ')' closing the command name. */
const UTIME_AFTER_COMM = 11;
const STIME_AFTER_COMM = 12;
/** cutime and cstime (16th, 17th): CPU of the children it has waited for (iptables runs, nsenter). */
const CUTIME_AFTER_COMM = 13;
const CSTIME_AFTER_COMM = 14;
const BYTES_PER_KIB = 1024;
const BYTES_PER_MIB = 1024 * 1024;

export interface ProcessUsage {
  /** User + system CPU seconds since the process started. */
  cpuSeconds: number;
  /** User + system CPU seconds of its finished children. */
  childCpuSeconds: number;
  /** Resident set size now. */
  rssBytes: number;
  /** Highest resident set size so far. */
  peakRssBytes: number;
}

function statusField(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  return match ? Number(match[1]) * BYTES_PER_KIB : NaN;
}

/** Undefined when the process is gone or /proc is not there. */
export function processUsage(pid: number | undefined): ProcessUsage | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[UTIME_AFTER_COMM]) + Number(fields[STIME_AFTER_COMM]);
    const childTicks = Number(fields[CUTIME_AFTER_COMM]) + Number(fields[CSTIME_AFTER_COMM]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND, childCpuSeconds: childTicks / CLOCK_TICKS_PER_SECOND, rssBytes: statusField(status, 'VmRSS'), peakRssBytes: statusField(status, 'VmHWM') };
  } catch {
    return undefined;
  }
}

export function mib(bytes: number): string {
  return `${(bytes / BYTES_PER_MIB).toFixed(0)} MiB`;
}

const READ_VERBS = new Set(['get', 'list', 'watch']);

/** Write requests so far by `verb resource`, from an apiserver's apiserver_request_total. */
export function writeRequests(metrics: string): Map<string, number> {
  const out = new Map<string, number>();
  const re = /^apiserver_request_total\{([^}]*)\} (\S+)$/;
  for (const line of metrics.split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]));
    const verb = labels.verb ?? '';
    if (READ_VERBS.has(verb)) continue;
    const key = `${verb} ${labels.resource ?? ''}`;
    out.set(key, (out.get(key) ?? 0) + Number(m[2]));
  }
  return out;
}

/** `after - before` per key, leaving out keys that did not move. */
export function countsSince(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, n] of after) {
    const delta = n - (before.get(key) ?? 0);
    if (delta > 0) out.set(key, delta);
  }
  return out;
}
