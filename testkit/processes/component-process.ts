// Starts a compiled control-plane component (scheduler, controller-manager)
// against an apiserver on a free health port, waits for its /healthz, and
// stops or kills exactly that process.
import type { CredentialFiles } from '../../client/api-credentials.js';
import { credentialArgs } from '../client-credentials.js';
import { freePort } from './free-port.js';
import { mallocEnvFor } from './control-plane-malloc.js';
import { nodeArgsFor } from './node-args.js';
import { identityFilesFor } from './secure-apiservers.js';
import { healthPortGet, healthzOk, type HealthPortTls } from '../health-probe.js';
import { exitedError, startProcess, waitFor, type ManagedProcess } from './child-process.js';

export interface ComponentProcessSpec {
  /** "scheduler", "controller-manager": names the process and its log file. */
  component: string;
  /** The compiled main.js. */
  main: string;
  startTimeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

export interface ComponentProcessOptions {
  name?: string;
  identity?: string;
  extraArgs?: string[];
  /** When extraArgs make the health port TLS: how to reach it (metrics() presents the client certificate). */
  tls?: HealthPortTls;
  /** What it presents to the apiserver (testkit/client-credentials.ts); absent: its role's identity at a TLS apiserver the testkit started, else a plaintext channel. */
  credentials?: CredentialFiles;
}

export interface ComponentProcess {
  healthPort: number;
  process: ManagedProcess;
  metrics(): Promise<string>;
  stop(): Promise<void>;
  /** SIGKILL: no lease release, no flush, as a crash. */
  kill(): Promise<void>;
}

export async function startComponentProcess(spec: ComponentProcessSpec, apiserver: string, logDir: string, opts: ComponentProcessOptions = {}): Promise<ComponentProcess> {
  const healthPort = await freePort();
  const args = [...nodeArgsFor(spec.component), spec.main, '--apiserver', apiserver, '--health-port', String(healthPort), ...credentialArgs(opts.credentials ?? identityFilesFor(apiserver, spec.component))];
  if (opts.identity) args.push('--identity', opts.identity);
  args.push(...(opts.extraArgs ?? []));
  const proc = startProcess(opts.name ?? `${spec.component}-${healthPort}`, process.execPath, args, logDir, { ...mallocEnvFor(spec.component), ...spec.env });
  await waitFor(
    `${spec.component} /healthz`,
    async () => {
      if (proc.child.exitCode !== null) throw exitedError(proc);
      return healthzOk(healthPort, opts.tls);
    },
    spec.startTimeoutMs,
  );
  return {
    healthPort,
    process: proc,
    metrics: async () => (await healthPortGet(healthPort, '/metrics', opts.tls)).body,
    stop: () => proc.stop(),
    kill: () => proc.stop('SIGKILL'),
  };
}
