// `top`'s tables, as kubectl prints them: CPU in millicores ("250m"), memory
// in whole mebibytes ("12Mi"), node percentages of allocatable; every cell,
// the last included, ends in a tab, which is where kubectl's trailing spaces come from.
import { cpuToMillis, memoryToBytes } from '../api/quantity.js';
import type { Node } from '../api/types/index.js';
import type { NodeMetrics, PodMetrics, ResourceUsage } from '../api/types/metrics.js';
import { alignTabs, TABLE_LAYOUT } from './tabwriter.js';

const MEBIBYTE = 1024 * 1024;
const PERCENT = 100;
const UNKNOWN = '<unknown>';

const cpuCell = (millis: number): string => `${millis}m`;
const memoryCell = (bytes: number): string => `${Math.floor(bytes / MEBIBYTE)}Mi`;
const row = (cells: readonly string[]): string => `${cells.map((c) => `${c}\t`).join('')}\n`;

function byName<T extends { metadata: { namespace?: string; name?: string } }>(a: T, b: T): number {
  const key = (x: T): string => `${x.metadata.namespace ?? ''}/${x.metadata.name ?? ''}`;
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

function sum(usages: readonly ResourceUsage[]): { millis: number; bytes: number } {
  return usages.reduce((acc, u) => ({ millis: acc.millis + cpuToMillis(u.cpu), bytes: acc.bytes + memoryToBytes(u.memory) }), { millis: 0, bytes: 0 });
}

export interface PodTopOptions {
  allNamespaces: boolean;
  containers: boolean;
}

export function podTopTable(items: readonly PodMetrics[], opts: PodTopOptions): string {
  const lead = opts.allNamespaces ? ['NAMESPACE'] : [];
  const names = opts.containers ? ['POD', 'NAME'] : ['NAME'];
  let text = row([...lead, ...names, 'CPU(cores)', 'MEMORY(bytes)']);
  for (const pod of [...items].sort(byName)) {
    const ns = opts.allNamespaces ? [pod.metadata.namespace ?? ''] : [];
    const podName = pod.metadata.name ?? '';
    if (opts.containers) {
      for (const c of pod.containers) text += row([...ns, podName, c.name, cpuCell(cpuToMillis(c.usage.cpu)), memoryCell(memoryToBytes(c.usage.memory))]);
    } else {
      const total = sum(pod.containers.map((c) => c.usage));
      text += row([...ns, podName, cpuCell(total.millis), memoryCell(total.bytes)]);
    }
  }
  return alignTabs(text, TABLE_LAYOUT);
}

/** Nodes with metrics, then those without (`<unknown>`), as kubectl lists them. */
export function nodeTopTable(nodes: readonly Node[], metrics: readonly NodeMetrics[]): string {
  let text = row(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
  const usageOf = new Map(metrics.map((m) => [m.metadata.name ?? '', m.usage]));
  const sorted = [...nodes].sort(byName);
  for (const node of sorted) {
    const usage = usageOf.get(node.metadata.name ?? '');
    if (!usage) continue;
    const allocatable = node.status?.allocatable ?? {};
    const millis = cpuToMillis(usage.cpu);
    const bytes = memoryToBytes(usage.memory);
    const cpuTotal = cpuToMillis(allocatable.cpu ?? '0');
    const memoryTotal = memoryToBytes(allocatable.memory ?? '0');
    const percent = (used: number, total: number): string => (total > 0 ? `${Math.floor((used * PERCENT) / total)}%` : UNKNOWN);
    text += row([node.metadata.name ?? '', cpuCell(millis), percent(millis, cpuTotal), memoryCell(bytes), percent(bytes, memoryTotal)]);
  }
  for (const node of sorted) if (!usageOf.has(node.metadata.name ?? '')) text += row([node.metadata.name ?? '', UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN]);
  return alignTabs(text, TABLE_LAYOUT);
}
