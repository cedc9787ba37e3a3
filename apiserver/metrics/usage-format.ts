// How metrics-server prints usage: CPU as a whole number of nanocores
// ("12345n"), memory in canonical binary bytes ("2048Ki"), the window as a
// Go duration ("15s", "14.998s").
import { formatBytes } from '../../api/quantity.js';
import type { ResourceUsage } from '../../api/types/metrics.js';
import type { CpuStats, MemoryStats } from '../../api/types/stats-summary.js';

const MS_PER_SECOND = 1000;

export function formatNanoCores(nanoCores: number): string {
  return `${Math.max(0, Math.round(nanoCores))}n`;
}

export function formatWindow(seconds: number): string {
  return `${Math.round(seconds * MS_PER_SECOND) / MS_PER_SECOND}s`;
}

/** Usage from one summary entry, or undefined when the agent has no rate for it yet. */
export function usageOf(cpu: CpuStats | undefined, memory: MemoryStats | undefined): ResourceUsage | undefined {
  if (cpu?.usageNanoCores === undefined || !memory) return undefined;
  return { cpu: formatNanoCores(cpu.usageNanoCores), memory: formatBytes(memory.workingSetBytes) };
}
