// Starts the compiled controller-manager (dist/controller-manager/main.js)
// for integration tests and benchmarks, and stops exactly that process.
import { fileURLToPath } from 'node:url';
import { freePort } from '../../e2e/harness/free-port.js';
import { startProcess, waitFor, type ManagedProcess } from '../../e2e/harness/child-process.js';

export const CONTROLLER_MANAGER_START_TIMEOUT_MS = 20_000;
const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));

export interface ControllerManagerProcess {
  healthPort: number;
  process: ManagedProcess;
  metrics(): Promise<string>;
  stop(): Promise<void>;
  /** SIGKILL: no lease release, no flush, as a crash. */
  kill(): Promise<void>;
}

export interface ControllerManagerOptions {
  name?: string;
  identity?: string;
  extraArgs?: string[];
}

export async function startControllerManager(apiserver: string, logDir: string, opts: ControllerManagerOptions = {}): Promise<ControllerManagerProcess> {
  const healthPort = await freePort();
  const args = [MAIN, '--apiserver', apiserver, '--health-port', String(healthPort)];
  if (opts.identity) args.push('--identity', opts.identity);
  args.push(...(opts.extraArgs ?? []));
  const proc = startProcess(opts.name ?? `controller-manager-${healthPort}`, process.execPath, args, logDir, { FLOTILLA_LOG_LEVEL: process.env.FLOTILLA_LOG_LEVEL ?? 'info' });
  await waitFor(
    'controller-manager /healthz',
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`controller-manager exited (see ${proc.logFile})`);
      return (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).ok;
    },
    CONTROLLER_MANAGER_START_TIMEOUT_MS,
  );
  return {
    healthPort,
    process: proc,
    metrics: async () => (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text(),
    stop: () => proc.stop(),
    kill: () => proc.stop('SIGKILL'),
  };
}
