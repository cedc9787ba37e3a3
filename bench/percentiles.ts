// Nearest-rank percentiles for benchmark figures.

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  /** From the first request to the last container running. */
  wallMs: number;
}

export function summarize(latencies: readonly number[], wallMs: number): Summary {
  return { n: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies), wallMs };
}
