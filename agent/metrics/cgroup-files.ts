// Where a Docker container's CPU and memory accounting lives on this host.
// Reading these files costs two or three small reads per container, against
// a Docker stats call that samples for a second and serializes JSON per
// container: at 100 pods the cgroup files are the only affordable source.
// Docker with the cgroupfs driver nests containers under `docker/<id>`; the
// systemd driver under `system.slice/docker-<id>.scope`; cgroup v2 puts every
// controller in one tree, v1 one tree per controller.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const CGROUP_ROOT = '/sys/fs/cgroup';
const NS_PER_US = 1000;

export type CgroupVersion = 1 | 2;

/** Cumulative CPU time and the memory working set of one cgroup. */
export interface CgroupUsage {
  cpuUsageNanoSeconds: number;
  memoryWorkingSetBytes: number;
}

export interface CgroupLayout {
  version: CgroupVersion;
  /** The candidate directories of a container, relative to the controller's tree. */
  containerDirs(id: string): string[];
}

/** v2 when the root holds `cgroup.controllers` (the unified hierarchy), else v1. */
export async function detectCgroupVersion(root = CGROUP_ROOT): Promise<CgroupVersion> {
  try {
    await readFile(join(root, 'cgroup.controllers'), 'utf8');
    return 2;
  } catch {
    return 1;
  }
}

export function dockerLayout(version: CgroupVersion): CgroupLayout {
  return {
    version,
    containerDirs: (id) => [`docker/${id}`, `system.slice/docker-${id}.scope`],
  };
}

/** A `key value` file (memory.stat, cpu.stat) as numbers. */
export function parseKeyValues(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined) out.set(key, Number(value));
  }
  return out;
}

/** The kubelet's working set: usage less the inactive file cache, never below zero. */
export function workingSet(usageBytes: number, stat: Map<string, number>, version: CgroupVersion): number {
  const inactive = version === 2 ? stat.get('inactive_file') : (stat.get('total_inactive_file') ?? stat.get('inactive_file'));
  return Math.max(0, usageBytes - (inactive ?? 0));
}

async function readNumber(path: string): Promise<number> {
  return Number((await readFile(path, 'utf8')).trim());
}

async function readV1(root: string, dir: string): Promise<CgroupUsage> {
  const cpu = await readNumber(join(root, 'cpuacct', dir, 'cpuacct.usage'));
  const usage = await readNumber(join(root, 'memory', dir, 'memory.usage_in_bytes'));
  const stat = parseKeyValues(await readFile(join(root, 'memory', dir, 'memory.stat'), 'utf8'));
  return { cpuUsageNanoSeconds: cpu, memoryWorkingSetBytes: workingSet(usage, stat, 1) };
}

async function readV2(root: string, dir: string): Promise<CgroupUsage> {
  const cpuStat = parseKeyValues(await readFile(join(root, dir, 'cpu.stat'), 'utf8'));
  const usage = await readNumber(join(root, dir, 'memory.current'));
  const stat = parseKeyValues(await readFile(join(root, dir, 'memory.stat'), 'utf8'));
  return { cpuUsageNanoSeconds: (cpuStat.get('usage_usec') ?? 0) * NS_PER_US, memoryWorkingSetBytes: workingSet(usage, stat, 2) };
}

/** The container's usage, or undefined when none of its candidate directories exists (it just stopped). */
export async function readContainerUsage(layout: CgroupLayout, id: string, root = CGROUP_ROOT): Promise<CgroupUsage | undefined> {
  for (const dir of layout.containerDirs(id)) {
    try {
      return layout.version === 2 ? await readV2(root, dir) : await readV1(root, dir);
    } catch {
      // Try the next layout.
    }
  }
  return undefined;
}
