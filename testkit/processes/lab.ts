// A multi-node lab brought up by deploy/lab.sh, for the tests and benchmarks
// that need nodes on separate Docker engines. Each lab has its own name (its
// compose project and label), state directory and published port, so it never
// meets a developer's lab or another test's.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../repo-paths.js';
import { runCommand, type CommandResult } from './command.js';
import { freePort } from './free-port.js';

/** Building, starting and loading images into 3 nodes takes about a minute and a half here; slow CI machines get room. */
export const LAB_UP_TIMEOUT_MS = 480_000;
export const LAB_DOWN_TIMEOUT_MS = 120_000;
const LAB_SCRIPT = join(REPO_ROOT, 'deploy/lab.sh');

/** Timings a lab that tests failures shortens (deploy/lab.sh's variables); the defaults are Kubernetes'. */
export interface LabTimings {
  /** The controller-manager's --node-monitor-grace-period, e.g. "20s". */
  nodeMonitorGracePeriod?: string;
  /** The apiservers' --default-not-ready/unreachable-toleration-seconds. */
  tolerationSeconds?: number;
}

export interface TestLab {
  name: string;
  nodes: number;
  kubeconfig: string;
  apiPort: number;
  /** What `lab.sh up` printed. */
  output: string;
  /** Wall time of `lab.sh up`, images present or not. */
  upMs: number;
  /** The container of a compose service of this lab (etcd-2, apiserver-1, node-3, ...). */
  container(service: string): string;
  /** The lab's Docker network. */
  network: string;
  down(): Promise<void>;
}

/** Why this machine cannot run Docker in Docker, or false when it can (root, Linux, an engine, cgroups to share). */
export async function labSkipReason(dockerAnswers: boolean): Promise<string | false> {
  if (process.platform !== 'linux') return 'the lab runs Docker in Docker, which needs Linux';
  if (process.getuid?.() !== 0) return 'the lab needs root (its nodes run their own dockerd)';
  if (!dockerAnswers) return 'the Docker engine does not answer';
  return false;
}

function lab(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CommandResult> {
  return runCommand({ file: LAB_SCRIPT, args, env: { ...process.env, ...env } }, { timeoutMs });
}

function timingEnv(timings: LabTimings): Record<string, string> {
  const env: Record<string, string> = {};
  if (timings.nodeMonitorGracePeriod) env.FLOTILLA_LAB_NODE_MONITOR_GRACE_PERIOD = timings.nodeMonitorGracePeriod;
  if (timings.tolerationSeconds !== undefined) env.FLOTILLA_LAB_TOLERATION_SECONDS = String(timings.tolerationSeconds);
  return env;
}

export async function startLab(name: string, nodes: number, timings: LabTimings = {}): Promise<TestLab> {
  const stateDir = await mkdtemp(join(tmpdir(), `${name}-`));
  const apiPort = await freePort();
  const env = { FLOTILLA_LAB_STATE_DIR: stateDir, ...timingEnv(timings) };
  const down = async (): Promise<void> => {
    const result = await lab(['down', '--name', name], env, LAB_DOWN_TIMEOUT_MS);
    await rm(stateDir, { recursive: true, force: true });
    if (result.code !== 0) throw new Error(`deploy/lab.sh down failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
  };
  const started = Date.now();
  const result = await lab(['up', '--nodes', String(nodes), '--name', name, '--api-port', String(apiPort)], env, LAB_UP_TIMEOUT_MS);
  const upMs = Date.now() - started;
  if (result.code !== 0) {
    await down().catch(() => undefined);
    throw new Error(`deploy/lab.sh up failed (${result.timedOut ? 'timed out' : `exit ${result.code}`}):\n${result.stdout}\n${result.stderr}`);
  }
  return {
    name,
    nodes,
    kubeconfig: join(stateDir, 'kubeconfig'),
    apiPort,
    output: result.stdout,
    upMs,
    // docker-compose 1.x names: project_service_index.
    container: (service) => `${name}_${service}_1`,
    network: `${name}_default`,
    down,
  };
}
