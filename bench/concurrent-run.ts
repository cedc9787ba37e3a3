// Runs a number of calls with a fixed number in flight, and reports the rate
// and latency percentiles.
import { percentile } from './percentiles.js';

export interface RunResult {
  count: number;
  wallMs: number;
  latencies: number[];
}

/** Runs `count` calls with `concurrency` in flight; returns the wall time and each call's latency. */
export async function runConcurrently(count: number, concurrency: number, one: (i: number) => Promise<void>): Promise<RunResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const t = performance.now();
      await one(i);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { count, wallMs: performance.now() - started, latencies };
}

export function ratePerSecond(r: RunResult): number {
  return r.count / (r.wallMs / 1000);
}

/** Prints one line: count, wall time, rate, p50 and p99; answers the rate. */
export function reportRun(label: string, r: RunResult): number {
  const rate = ratePerSecond(r);
  const ms = (v: number): string => `${v.toFixed(1)} ms`;
  console.log(
    `${label}: ${r.count} in ${(r.wallMs / 1000).toFixed(2)} s = ${rate.toFixed(0)}/s (p50 ${ms(percentile(r.latencies, 50))}, p99 ${ms(percentile(r.latencies, 99))})`,
  );
  return rate;
}
