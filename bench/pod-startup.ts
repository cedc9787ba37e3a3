// Pod startup latency on one node: create -> Running (image present) for 1,
// 10 and 30 pods created at once, beside raw Docker starting the same
// containers (a pause container plus the app joined to it) in the same run,
// and raw Docker starting only the app in a pause container started
// beforehand: the floor a pool of warm sandboxes could reach. It also prints
// what such a pool costs in memory while idle.
// Run: node dist/bench/pod-startup.js [--sizes 1,10,30] [--pool-size 3]
import Docker from 'dockerode';
import type { Pod } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { startControlPlane } from '../testkit/processes/control-plane.js';
import { startAgent, TEST_BUSYBOX_IMAGE, TEST_PAUSE_IMAGE, type TestAgent } from '../testkit/processes/agent-process.js';
import { ensureTestImages, waitForPodGone } from '../testkit/docker/pod-helpers.js';
import { summarize, type Summary } from './percentiles.js';
import { resources } from '../api/resources.js';

const DEFAULT_SIZES = [1, 10, 30];
const BENCH_LABEL = 'io.flotilla.bench';
const RUN_TIMEOUT_MS = 300_000;
const APP_COMMAND = ['sleep', '3600'];
const DEFAULT_POOL_SIZE = 3;
const BYTES_PER_MIB = 1024 * 1024;
/** The bridge network the raw runs attach their pause containers to, as the agent does. */
const RAW_NETWORK = 'flotilla-bench-raw';

function poolSizeFromArgs(): number {
  const i = process.argv.indexOf('--pool-size');
  return i < 0 ? DEFAULT_POOL_SIZE : Number.parseInt(process.argv[i + 1], 10);
}

function sizesFromArgs(): number[] {
  const i = process.argv.indexOf('--sizes');
  if (i < 0) return DEFAULT_SIZES;
  return process.argv[i + 1].split(',').map((s) => Number.parseInt(s, 10));
}

function benchPod(name: string, node: string, run: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { bench: run } },
    spec: { nodeName: node, terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: TEST_BUSYBOX_IMAGE, command: APP_COMMAND }] },
  };
}

async function flotillaRun(client: ApiClient, agent: TestAgent, n: number): Promise<Summary> {
  const run = `run-${n}-${Date.now()}`;
  const names = Array.from({ length: n }, (_, i) => `bench-${n}-${i}`);
  const running = new Map<string, number>();
  const createdAt = new Map<string, number>();
  const watch = client.watch(resources.pods, { namespace: 'default', labelSelector: `bench=${run}` });
  const allRunning = (async () => {
    for await (const ev of watch) {
      const name = ev.object.metadata.name ?? '';
      if (ev.object.status?.phase === 'Running' && !running.has(name)) running.set(name, Date.now());
      if (running.size === n) return;
    }
  })();
  const start = Date.now();
  await Promise.all(
    names.map(async (name) => {
      createdAt.set(name, Date.now());
      await client.create(resources.pods, benchPod(name, agent.nodeName, run));
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([allRunning, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${n} pods not Running in time`)), RUN_TIMEOUT_MS)))]);
  clearTimeout(timer);
  watch.cancel();
  const wall = Math.max(...running.values()) - start;
  const latencies = names.map((name) => (running.get(name) ?? Number.NaN) - (createdAt.get(name) ?? 0));
  await Promise.all(names.map((name) => client.delete(resources.pods, 'default', name)));
  await Promise.all(names.map((name) => waitForPodGone(client, name, RUN_TIMEOUT_MS)));
  return summarize(latencies, wall);
}

async function startPause(docker: Docker, run: string): Promise<string> {
  const pause = await docker.createContainer({ Image: TEST_PAUSE_IMAGE, Labels: { [BENCH_LABEL]: run }, HostConfig: { IpcMode: 'shareable', NetworkMode: RAW_NETWORK } });
  await pause.start();
  return pause.id;
}

/** One pod the agent's way; with `warm`, into a pause container started beforehand (not timed). */
async function dockerPod(docker: Docker, run: string, i: number, warm?: string): Promise<number> {
  const t0 = Date.now();
  const labels = { [BENCH_LABEL]: run };
  const pause = { id: warm ?? (await startPause(docker, run)) };
  const app = await docker.createContainer({
    Image: TEST_BUSYBOX_IMAGE,
    Cmd: APP_COMMAND,
    Labels: labels,
    name: `flotilla-bench-${run}-${i}`,
    HostConfig: { NetworkMode: `container:${pause.id}`, IpcMode: `container:${pause.id}` },
  });
  await app.start();
  return Date.now() - t0;
}

async function removeRun(docker: Docker, run: string): Promise<void> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${BENCH_LABEL}=${run}`] } });
  await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true })));
}

async function dockerRun(docker: Docker, n: number, warmSandboxes: boolean): Promise<Summary> {
  const run = `raw-${warmSandboxes ? 'warm' : 'cold'}-${n}-${Date.now()}`;
  const warm = warmSandboxes ? await Promise.all(Array.from({ length: n }, () => startPause(docker, run))) : [];
  const start = Date.now();
  const latencies = await Promise.all(Array.from({ length: n }, (_, i) => dockerPod(docker, run, i, warm[i])));
  const wall = Date.now() - start;
  await removeRun(docker, run);
  return summarize(latencies, wall);
}

/** Memory the engine charges to `size` idle pause containers (their cgroups), in MiB. */
async function idlePoolMemoryMiB(docker: Docker, size: number): Promise<{ total: number; each: number }> {
  const run = `pool-memory-${Date.now()}`;
  try {
    const ids = await Promise.all(Array.from({ length: size }, () => startPause(docker, run)));
    const stats = await Promise.all(ids.map((id) => docker.getContainer(id).stats({ stream: false })));
    const bytes = stats.map((s) => (s.memory_stats.usage ?? 0) - ((s.memory_stats.stats as Record<string, number> | undefined)?.cache ?? 0));
    const total = bytes.reduce((a, b) => a + b, 0) / BYTES_PER_MIB;
    return { total, each: size > 0 ? total / size : 0 };
  } finally {
    await removeRun(docker, run);
  }
}

async function ensureRawNetwork(docker: Docker): Promise<void> {
  const existing = await docker.listNetworks({ filters: { name: [RAW_NETWORK] } });
  if (existing.some((n) => n.Name === RAW_NETWORK)) return;
  await docker.createNetwork({ Name: RAW_NETWORK, Driver: 'bridge', Labels: { [BENCH_LABEL]: 'network' } });
}

function line(what: string, n: number, s: Summary): string {
  return `${what.padEnd(30)} ${String(n).padStart(3)} pods   p50 ${String(s.p50).padStart(6)} ms   p99 ${String(s.p99).padStart(6)} ms   all running after ${String(s.wallMs).padStart(6)} ms`;
}

async function main(): Promise<void> {
  await ensureTestImages();
  const cp = await startControlPlane();
  const docker = new Docker();
  let agent: TestAgent | undefined;
  try {
    await ensureRawNetwork(docker);
    agent = await startAgent(cp.apiserver.address, { logDir: cp.logDir, extraArgs: [] });
    const client = cp.apiserver.client();
    console.log(`pod startup, create -> Running, image present; node ${agent.nodeName}, logs in ${cp.logDir} (kept with FLOTILLA_KEEP_TEST_LOGS=1)`);
    for (const n of sizesFromArgs()) {
      const raw = await dockerRun(docker, n, false);
      const warm = await dockerRun(docker, n, true);
      const flotilla = await flotillaRun(client, agent, n);
      console.log(line('docker (pause + app)', n, raw));
      console.log(line('docker (app into warm pause)', n, warm));
      console.log(line('flotilla pod', n, flotilla));
      console.log(`${''.padEnd(30)} ${String(n).padStart(3)} pods   flotilla / docker: ${(flotilla.wallMs / raw.wallMs).toFixed(2)}x   warm / cold docker: ${(warm.wallMs / raw.wallMs).toFixed(2)}x`);
    }
    const size = poolSizeFromArgs();
    const memory = await idlePoolMemoryMiB(docker, size);
    console.log(`${size} idle pause containers: ${memory.total.toFixed(2)} MiB charged to their cgroups (${memory.each.toFixed(2)} MiB each), plus one network namespace and veth pair each in the kernel`);
  } finally {
    await agent?.stop();
    await cp.stop();
    await docker.getNetwork(RAW_NETWORK).remove().catch(() => undefined);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
