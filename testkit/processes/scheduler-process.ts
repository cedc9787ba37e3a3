// Starts the compiled scheduler (dist/scheduler/main.js) for integration
// tests and benchmarks, and stops exactly that process.
import { fileURLToPath } from 'node:url';
import { startComponentProcess, type ComponentProcess, type ComponentProcessOptions } from './component-process.js';

export const SCHEDULER_START_TIMEOUT_MS = 20_000;
const SCHEDULER_MAIN = fileURLToPath(new URL('../../scheduler/main.js', import.meta.url));

export interface SchedulerProcess extends ComponentProcess {
  /** The value of one sample in /metrics, 0 when absent. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
}

export type SchedulerProcessOptions = ComponentProcessOptions;

export async function startSchedulerProcess(apiserver: string, logDir: string, opts: SchedulerProcessOptions = {}): Promise<SchedulerProcess> {
  const started = await startComponentProcess({ component: 'scheduler', main: SCHEDULER_MAIN, startTimeoutMs: SCHEDULER_START_TIMEOUT_MS }, apiserver, logDir, opts);
  const { metrics } = started;
  return {
    ...started,
    metric: async (name, labels = {}) => {
      const text = await metrics();
      for (const line of text.split('\n')) {
        if (!line.startsWith(name)) continue;
        const match = /^([^{\s]+)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
        if (!match || match[1] !== name) continue;
        const got = Object.fromEntries(
          (match[2] ?? '')
            .split(',')
            .filter(Boolean)
            .map((kv) => {
              const [k, v] = kv.split('=');
              return [k!, (v ?? '').replace(/^"|"$/g, '')];
            }),
        );
        if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(match[3]);
      }
      return 0;
    },
  };
}
