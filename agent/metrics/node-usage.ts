// The node's own usage, from /proc: CPU time spent outside idle and iowait
// (the kernel counts in USER_HZ ticks, 100 a second on Linux), and memory in
// use as MemTotal less MemAvailable.
import { readFile } from 'node:fs/promises';
import type { CgroupUsage } from './cgroup-files.js';

const USER_HZ = 100;
const NS_PER_SECOND = 1e9;
const BYTES_PER_KIB = 1024;
/** /proc/stat's cpu line: user nice system idle iowait irq softirq steal ... */
const IDLE_FIELD = 3;
const IOWAIT_FIELD = 4;
const COUNTED_FIELDS = 8;

export function parseProcStatCpu(text: string): number {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('/proc/stat has no cpu line');
  const fields = line.trim().split(/\s+/).slice(1, 1 + COUNTED_FIELDS).map(Number);
  const busy = fields.reduce((sum, v, i) => (i === IDLE_FIELD || i === IOWAIT_FIELD ? sum : sum + v), 0);
  return (busy / USER_HZ) * NS_PER_SECOND;
}

export function parseMemInfoWorkingSet(text: string): number {
  const kib = (key: string): number => {
    const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  };
  return Math.max(0, kib('MemTotal') - kib('MemAvailable')) * BYTES_PER_KIB;
}

export async function readNodeUsage(): Promise<CgroupUsage> {
  const [stat, meminfo] = await Promise.all([readFile('/proc/stat', 'utf8'), readFile('/proc/meminfo', 'utf8')]);
  return { cpuUsageNanoSeconds: parseProcStatCpu(stat), memoryWorkingSetBytes: parseMemInfoWorkingSet(meminfo) };
}
