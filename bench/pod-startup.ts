// Pod startup latency on one node: create -> Running (image present) for 1,
// 10 and 30 pods created at once, beside raw Docker starting the same
// containers (a pause container plus the app joined to it) in the same run,
// and raw Docker starting only the app in a pause container started
// beforehand: the floor a pool of warm sandboxes could reach; and Flotilla
// twice, with the agent's sandbox pool off and on. It also prints what the
// agent's idle pool costs in memory.
// Run: node dist/bench/pod-startup.js [--sizes 1,10,30] [--pool-size 3]
import Docker from 'dockerode';
import type { Pod } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { startControlPlane } from '../testkit/processes/control-plane.js';
import { startAgent, TEST_BUSYBOX_IMAGE, type TestAgent } from '../testkit/processes/agent-process.js';
import { ensureTestImages, fullPool, waitForPodGone } from '../testkit/docker/pod-helpers.js';
import { summarize, type Summary } from './percentiles.js';
import { APP_COMMAND, dockerRun, removeRawNetwork } from './raw-docker-pods.js';
import { resources } from '../api/resources.js';

const DEFAULT_SIZES = [1, 10, 30];
const RUN_TIMEOUT_MS = 300_000;
const DEFAULT_POOL_SIZE = 3;
const BYTES_PER_MIB = 1024 * 1024;
/**
 * A pause after each run: the engine and the kernel finish tearing down the
 * last run's containers (network namespaces, veth pairs) after Docker has
 * answered, and whatever runs next would pay for it.
 */
const SETTLE_MS = 5_000;

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

/** Memory the engine charges to the agent's idle pool (the pause containers' cgroups), in MiB. */
async function idlePoolMemoryMiB(docker: Docker, ids: string[]): Promise<{ total: number; each: number }> {
  const stats = await Promise.all(ids.map((id) => docker.getContainer(id).stats({ stream: false })));
  const bytes = stats.map((s) => (s.memory_stats.usage ?? 0) - ((s.memory_stats.stats as Record<string, number> | undefined)?.cache ?? 0));
  const total = bytes.reduce((a, b) => a + b, 0) / BYTES_PER_MIB;
  return { total, each: ids.length > 0 ? total / ids.length : 0 };
}

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

function line(what: string, n: number, s: Summary): string {
  return `${what.padEnd(30)} ${String(n).padStart(3)} pods   p50 ${String(s.p50).padStart(6)} ms   p99 ${String(s.p99).padStart(6)} ms   all running after ${String(s.wallMs).padStart(6)} ms`;
}

async function main(): Promise<void> {
  await ensureTestImages();
  const cp = await startControlPlane();
  const docker = new Docker();
  const size = poolSizeFromArgs();
  let cold: TestAgent | undefined;
  let pooled: TestAgent | undefined;
  try {
    cold = await startAgent(cp.apiserver.address, { logDir: cp.logDir, extraArgs: ['--sandbox-pool-size', '0'] });
    pooled = await startAgent(cp.apiserver.address, { logDir: cp.logDir, extraArgs: ['--sandbox-pool-size', String(size)] });
    const client = cp.apiserver.client();
    console.log(`pod startup, create -> Running, image present; nodes ${cold.nodeName} (no pool), ${pooled.nodeName} (pool of ${size}), logs in ${cp.logDir} (kept with FLOTILLA_KEEP_TEST_LOGS=1)`);
    const poolLabel = `flotilla pod, pool of ${size}`;
    for (const n of sizesFromArgs()) {
      const raw = await dockerRun(docker, n, false);
      await settle();
      const warm = await dockerRun(docker, n, true);
      await settle();
      const flotilla = await flotillaRun(client, cold, n);
      await settle();
      await fullPool(docker, pooled.nodeName, size);
      const withPool = await flotillaRun(client, pooled, n);
      await settle();
      console.log(line('docker (pause + app)', n, raw));
      console.log(line('docker (app into warm pause)', n, warm));
      console.log(line('flotilla pod, no pool', n, flotilla));
      console.log(line(poolLabel, n, withPool));
      console.log(
        `${''.padEnd(30)} ${String(n).padStart(3)} pods   flotilla / docker: ${(flotilla.wallMs / raw.wallMs).toFixed(2)}x   pool / no pool: ${(withPool.wallMs / flotilla.wallMs).toFixed(2)}x   warm / cold docker: ${(warm.wallMs / raw.wallMs).toFixed(2)}x`,
      );
    }
    const memory = await idlePoolMemoryMiB(docker, await fullPool(docker, pooled.nodeName, size));
    console.log(`the agent's idle pool of ${size}: ${memory.total.toFixed(2)} MiB charged to their cgroups (${memory.each.toFixed(2)} MiB each), plus one network namespace, veth pair and pod-CIDR address each`);
  } finally {
    await pooled?.stop();
    await cold?.stop();
    await cp.stop();
    await removeRawNetwork(docker);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
