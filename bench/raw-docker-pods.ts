// Pods as raw Docker would start them, the agent's way and without the agent:
// a pause container on a bridge network, then the app joined to its network
// and IPC namespaces. The floor the agent's pod starts are measured against;
// every container is labelled io.flotilla.bench=<run> and removed by run.
import Docker from 'dockerode';
import { TEST_BUSYBOX_IMAGE, TEST_PAUSE_IMAGE } from '../testkit/processes/agent-process.js';
import { summarize, type Summary } from './percentiles.js';

export const BENCH_LABEL = 'io.flotilla.bench';
/** What every bench app container runs. */
export const APP_COMMAND = ['sleep', '3600'];
/** The bridge network the raw runs attach their pause containers to, as the agent does. */
const RAW_NETWORK = 'flotilla-bench-raw';

export async function startPause(docker: Docker, run: string): Promise<string> {
  const pause = await docker.createContainer({ Image: TEST_PAUSE_IMAGE, Labels: { [BENCH_LABEL]: run }, HostConfig: { IpcMode: 'shareable', NetworkMode: RAW_NETWORK } });
  await pause.start();
  return pause.id;
}

/** One pod the agent's way, in ms; with `warm`, into a pause container started beforehand (not timed). */
async function dockerPod(docker: Docker, run: string, i: number, warm?: string): Promise<number> {
  const t0 = Date.now();
  const pause = { id: warm ?? (await startPause(docker, run)) };
  const app = await docker.createContainer({
    Image: TEST_BUSYBOX_IMAGE,
    Cmd: APP_COMMAND,
    Labels: { [BENCH_LABEL]: run },
    name: `flotilla-bench-${run}-${i}`,
    HostConfig: { NetworkMode: `container:${pause.id}`, IpcMode: `container:${pause.id}` },
  });
  await app.start();
  return Date.now() - t0;
}

export async function removeRun(docker: Docker, run: string): Promise<void> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${BENCH_LABEL}=${run}`] } });
  await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true })));
}

/** Endpoints of just-removed containers linger a moment in the engine; a network with one cannot go yet. */
const NETWORK_REMOVE_ATTEMPTS = 20;
const NETWORK_REMOVE_RETRY_MS = 500;

/** Removes a network the bench made, waiting out endpoints its removed containers left for a moment. */
export async function removeNetwork(docker: Docker, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const found = (await docker.listNetworks({ filters: { name: [name] } })).some((n) => n.Name === name);
    if (!found) return;
    try {
      await docker.getNetwork(name).remove();
      return;
    } catch (err) {
      if (attempt >= NETWORK_REMOVE_ATTEMPTS) throw new Error(`network ${name} could not be removed: ${err instanceof Error ? err.message : String(err)}`);
      await new Promise((resolve) => setTimeout(resolve, NETWORK_REMOVE_RETRY_MS));
    }
  }
}

/** Removes the raw runs' network, once the bench is done with it. */
export async function removeRawNetwork(docker: Docker): Promise<void> {
  await removeNetwork(docker, RAW_NETWORK);
}

export async function ensureRawNetwork(docker: Docker): Promise<void> {
  const existing = await docker.listNetworks({ filters: { name: [RAW_NETWORK] } });
  if (existing.some((n) => n.Name === RAW_NETWORK)) return;
  await docker.createNetwork({ Name: RAW_NETWORK, Driver: 'bridge', Labels: { [BENCH_LABEL]: 'network' } });
}

/**
 * `n` pods started at once, as the agent starts every pod bound to it at once
 * (a worker each); with `warmSandboxes`, each app goes into a pause container
 * started before the clock starts. Removes what it made.
 */
export async function dockerRun(docker: Docker, n: number, warmSandboxes: boolean): Promise<Summary> {
  await ensureRawNetwork(docker);
  const run = `raw-${warmSandboxes ? 'warm' : 'cold'}-${n}-${Date.now()}`;
  const warm = warmSandboxes ? await Promise.all(Array.from({ length: n }, () => startPause(docker, run))) : [];
  const start = Date.now();
  const latencies = await Promise.all(Array.from({ length: n }, (_, i) => dockerPod(docker, run, i, warm[i])));
  const wall = Date.now() - start;
  await removeRun(docker, run);
  return summarize(latencies, wall);
}
