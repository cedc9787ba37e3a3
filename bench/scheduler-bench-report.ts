// What the scheduler benchmark prints from its measurements: percentiles
// read from a Prometheus histogram, a per-second timeline, and each process's
// CPU per pod and memory.
import { mib, type ProcessUsage } from './process-usage.js';

/** The issue's bound for apiserver + scheduler + controller-manager holding 10,000 pods on 1,000 nodes. */
export const CONTROL_PLANE_RSS_GOAL_MIB = 300;
/** Processes whose memory counts toward the goal (etcd is storage, not control plane). */
const CONTROL_PLANE = new Set(['apiserver', 'scheduler', 'controller-manager']);

/** p-th percentile from a Prometheus histogram's cumulative buckets, interpolated inside the bucket. */
export function histogramPercentile(metrics: string, name: string, labels: string, p: number): number {
  const buckets: { le: number; count: number }[] = [];
  const re = new RegExp(`^${name}_bucket\\{le="([^"]+)"${labels ? `,${labels}` : ''}\\} (\\S+)$`);
  for (const line of metrics.split('\n')) {
    const m = re.exec(line);
    if (m) buckets.push({ le: m[1] === '+Inf' ? Infinity : Number(m[1]), count: Number(m[2]) });
  }
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return NaN;
  const rank = (p / 100) * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of buckets) {
    if (b.count >= rank) {
      if (b.le === Infinity) return prevLe;
      return prevLe + ((b.le - prevLe) * (rank - prevCount)) / Math.max(1, b.count - prevCount);
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}

/** Per second of the run: pods bound, and the worst create->bound latency among them. */
export function printTimeline(start: number, sent: Map<string, number>, boundAt: Map<string, number>): void {
  const seconds = new Map<number, { bound: number; worst: number }>();
  for (const [name, t] of boundAt) {
    const s = Math.floor((t - start) / 1000);
    const row = seconds.get(s) ?? { bound: 0, worst: 0 };
    row.bound++;
    row.worst = Math.max(row.worst, t - (sent.get(name) ?? t));
    seconds.set(s, row);
  }
  for (const [s, row] of [...seconds].sort((a, b) => a[0] - b[0])) console.log(`  t=${s}s bound ${row.bound} worst ${row.worst} ms`);
}

export interface UsageRow {
  name: string;
  /** Usage when the measured window opened; undefined: the process started inside it. */
  before: ProcessUsage | undefined;
  after: ProcessUsage | undefined;
}

/** CPU each process spent in the window (per pod: what bounds the rate on a shared machine), and its memory holding every pod. */
export function printUsage(rows: readonly UsageRow[], pods: number, nodes: number, window: string): void {
  console.log(`CPU while ${window}, and memory holding ${pods} pods on ${nodes} nodes:`);
  for (const { name, before, after } of rows) {
    if (!after) continue;
    const cpu = after.cpuSeconds - (before?.cpuSeconds ?? 0);
    console.log(
      `  ${name.padEnd(18)} CPU ${cpu.toFixed(1).padStart(5)} s (${((cpu * 1e6) / pods).toFixed(0).padStart(4)} us/pod), RSS ${mib(after.rssBytes)} (peak ${mib(after.peakRssBytes)})`,
    );
  }
  console.log(`  ${controlPlaneRss(rows)}`);
}

/** The control plane's summed RSS against the goal, with the processes it counts. */
function controlPlaneRss(rows: readonly Pick<UsageRow, 'name' | 'after'>[]): string {
  const counted = rows.filter((r) => CONTROL_PLANE.has(r.name) && r.after);
  const held = counted.reduce((sum, r) => sum + r.after!.rssBytes, 0);
  return `${counted.map((r) => r.name).join(' + ')} RSS: ${mib(held)} (goal < ${CONTROL_PLANE_RSS_GOAL_MIB} MiB)`;
}

/**
 * The same processes' memory once they have held every pod with nothing to do
 * for a while: the burst's garbage collected and V8's idle memory reducer run,
 * which is what holding the pods costs, as against the burst's peak above.
 */
export function printSettledMemory(rows: readonly Pick<UsageRow, 'name' | 'after'>[], seconds: number): void {
  const each = rows.filter((r) => r.after).map((r) => `${r.name} ${mib(r.after!.rssBytes)}`);
  console.log(`memory after ${seconds} s with nothing to do: ${each.join(', ')}`);
  console.log(`  ${controlPlaneRss(rows)}`);
}
