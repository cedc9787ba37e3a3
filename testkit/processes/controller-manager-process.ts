// Starts the compiled controller-manager (dist/controller-manager/main.js)
// for integration tests and benchmarks, and stops exactly that process.
import { fileURLToPath } from 'node:url';
import { startComponentProcess, type ComponentProcess, type ComponentProcessOptions } from './component-process.js';

export const CONTROLLER_MANAGER_START_TIMEOUT_MS = 20_000;
const MAIN = fileURLToPath(new URL('../../controller-manager/main.js', import.meta.url));

export type ControllerManagerProcess = ComponentProcess;
export type ControllerManagerOptions = ComponentProcessOptions;

export function startControllerManager(apiserver: string, logDir: string, opts: ControllerManagerOptions = {}): Promise<ControllerManagerProcess> {
  return startComponentProcess(
    {
      component: 'controller-manager',
      main: MAIN,
      startTimeoutMs: CONTROLLER_MANAGER_START_TIMEOUT_MS,
      env: { FLOTILLA_LOG_LEVEL: process.env.FLOTILLA_LOG_LEVEL ?? 'info' },
    },
    apiserver,
    logDir,
    opts,
  );
}
