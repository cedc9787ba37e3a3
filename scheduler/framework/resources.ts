// Resource amounts as the scheduler adds and compares them: CPU in
// millicores, memory and every other resource in base units.
import { cpuToMillis, memoryToBytes } from '../../api/quantity.js';

export const RESOURCE_CPU = 'cpu';
export const RESOURCE_MEMORY = 'memory';
export const RESOURCE_PODS = 'pods';

/** What a container without a CPU request counts as when scoring (kube-scheduler's default). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** What a container without a memory request counts as when scoring (200 MiB, as kube-scheduler). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export interface Resources {
  milliCpu: number;
  memory: number;
  /** ephemeral-storage, hugepages-*, extended resources: base units. */
  scalar: Record<string, number>;
}

export function emptyResources(): Resources {
  return { milliCpu: 0, memory: 0, scalar: {} };
}

export function cloneResources(r: Resources): Resources {
  return { milliCpu: r.milliCpu, memory: r.memory, scalar: { ...r.scalar } };
}

/** A quantity the apiserver accepted; anything unparsable counts as zero rather than blocking the queue. */
function amount(resource: string, quantity: string | number): number {
  try {
    const q = String(quantity);
    return resource === RESOURCE_CPU ? cpuToMillis(q) : memoryToBytes(q);
  } catch {
    return 0;
  }
}

/** Parses a requests/allocatable map; `pods` is left out (it is a count, kept apart). */
export function parseResourceList(list: Record<string, string | number> | undefined): Resources {
  const out = emptyResources();
  if (!list) return out;
  for (const [name, quantity] of Object.entries(list)) {
    if (name === RESOURCE_PODS) continue;
    const value = amount(name, quantity);
    if (name === RESOURCE_CPU) out.milliCpu = value;
    else if (name === RESOURCE_MEMORY) out.memory = value;
    else out.scalar[name] = value;
  }
  return out;
}

export function parsePodCount(list: Record<string, string | number> | undefined): number {
  const q = list?.[RESOURCE_PODS];
  if (q === undefined) return 0;
  return Math.floor(amount(RESOURCE_PODS, q));
}

/** Adds `b` into `a` (a is the caller's own accumulator). */
export function addInto(a: Resources, b: Resources, sign = 1): void {
  a.milliCpu += sign * b.milliCpu;
  a.memory += sign * b.memory;
  for (const [name, value] of Object.entries(b.scalar)) {
    const next = (a.scalar[name] ?? 0) + sign * value;
    a.scalar[name] = next;
  }
}

/** Element-wise maximum of `b` into `a`. */
export function maxInto(a: Resources, b: Resources): void {
  a.milliCpu = Math.max(a.milliCpu, b.milliCpu);
  a.memory = Math.max(a.memory, b.memory);
  for (const [name, value] of Object.entries(b.scalar)) a.scalar[name] = Math.max(a.scalar[name] ?? 0, value);
}

export function isZero(r: Resources): boolean {
  if (r.milliCpu !== 0 || r.memory !== 0) return false;
  for (const name in r.scalar) if (r.scalar[name] !== 0) return false;
  return true;
}
