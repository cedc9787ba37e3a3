// Starts the compiled scheduler (dist/scheduler/main.js) for integration
// tests and benchmarks, and stops exactly that process.
import { fileURLToPath } from 'node:url';
import { freePort } from '../../e2e/harness/free-port.js';
import { startProcess, waitFor, type ManagedProcess } from '../../e2e/harness/child-process.js';

export const SCHEDULER_START_TIMEOUT_MS = 20_000;
const SCHEDULER_MAIN = fileURLToPath(new URL('../main.js', import.meta.url));

export interface SchedulerProcess {
  healthPort: number;
  process: ManagedProcess;
  metrics(): Promise<string>;
  /** The value of one sample in /metrics, 0 when absent. */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  stop(): Promise<void>;
}

export interface SchedulerProcessOptions {
  name?: string;
  identity?: string;
  extraArgs?: string[];
}

export async function startSchedulerProcess(apiserver: string, logDir: string, opts: SchedulerProcessOptions = {}): Promise<SchedulerProcess> {
  const healthPort = await freePort();
  // e.g. FLOTILLA_SCHEDULER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile a benchmark run.
  const nodeArgs = (process.env.FLOTILLA_SCHEDULER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const args = [...nodeArgs, SCHEDULER_MAIN, '--apiserver', apiserver, '--health-port', String(healthPort)];
  if (opts.identity) args.push('--identity', opts.identity);
  args.push(...(opts.extraArgs ?? []));
  const proc = startProcess(opts.name ?? `scheduler-${healthPort}`, process.execPath, args, logDir);
  await waitFor(
    'scheduler /healthz',
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`scheduler exited (see ${proc.logFile})`);
      return (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).ok;
    },
    SCHEDULER_START_TIMEOUT_MS,
  );
  const metrics = async () => (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
  return {
    healthPort,
    process: proc,
    metrics,
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
    stop: () => proc.stop(),
  };
}
