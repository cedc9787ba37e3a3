// What an agent costs while nothing happens: one real agent (node proxy, pod
// network, metrics collection and sandbox pool at their defaults) with N pods
// running on real Docker, measured over a window once it has settled: its CPU
// (its own, and the children it ran: iptables, nsenter) and its resident
// memory, against the goals (under 80 MiB, under 0.1 core at 30 pods).
// Not a pass/fail test.
//   node dist/bench/agent-idle.js [--pods 30] [--window 60]
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Pod } from '../api/types/index.js';
import { resources } from '../api/resources.js';
import { startControlPlane } from '../testkit/processes/control-plane.js';
import { removeProxyChains, startAgent, TEST_BUSYBOX_IMAGE } from '../testkit/processes/agent-process.js';
import { waitFor } from '../testkit/processes/child-process.js';
import { ensureTestImages } from '../testkit/docker/pod-helpers.js';
import { processUsage } from './process-usage.js';

const NAMESPACE = 'default';
const APP_LABEL = 'agent-idle-bench';
const PODS_RUNNING_TIMEOUT_MS = 10 * 60_000;
/** After the last pod runs, the pool refills and the first probes and samples pass before the window opens. */
const SETTLE_MS = 20_000;
const RSS_SAMPLE_MS = 1_000;
const MS_PER_SECOND = 1000;
const BYTES_PER_MIB = 1024 * 1024;
const GOAL_RSS_MIB = 80;
const GOAL_CORES = 0.1;

const { values } = parseArgs({ options: { pods: { type: 'string', default: '30' }, window: { type: 'string', default: '60' } } });
const PODS = Number(values.pods);
const WINDOW_MS = Number(values.window) * MS_PER_SECOND;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function pod(name: string, nodeName: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NAMESPACE, labels: { app: APP_LABEL } },
    spec: { nodeName, terminationGracePeriodSeconds: 0, containers: [{ name: 'idle', image: TEST_BUSYBOX_IMAGE, command: ['sleep', '86400'] }] },
  };
}

interface IdleFigures {
  ownCores: number;
  childCores: number;
  rssAvgMiB: number;
  rssMaxMiB: number;
}

async function measure(pid: number): Promise<IdleFigures> {
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(processUsage(pid)?.rssBytes ?? Number.NaN), RSS_SAMPLE_MS);
  const before = processUsage(pid);
  const started = Date.now();
  await sleep(WINDOW_MS);
  const after = processUsage(pid);
  const seconds = (Date.now() - started) / MS_PER_SECOND;
  clearInterval(sampler);
  if (!before || !after) throw new Error(`agent process ${pid} went away during the window`);
  return {
    ownCores: (after.cpuSeconds - before.cpuSeconds) / seconds,
    childCores: (after.childCpuSeconds - before.childCpuSeconds) / seconds,
    rssAvgMiB: rss.reduce((a, b) => a + b, 0) / rss.length / BYTES_PER_MIB,
    rssMaxMiB: Math.max(...rss) / BYTES_PER_MIB,
  };
}

/** The agent's own view of its memory, from the Node.js figures on its /metrics. */
async function heapFigures(healthPort: number): Promise<string> {
  const text = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
  const value = (name: string): string => {
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line ? `${(Number(line.split(' ')[1]) / BYTES_PER_MIB).toFixed(1)} MiB` : '?';
  };
  return `heap used ${value('nodejs_heap_size_used_bytes')} of ${value('nodejs_heap_size_total_bytes')}, external ${value('nodejs_external_memory_bytes')}`;
}

async function main(): Promise<void> {
  await ensureTestImages();
  const chainPrefix = `FLTI${randomBytes(3).toString('hex').toUpperCase()}`;
  const plane = await startControlPlane();
  const client = plane.apiserver.client();
  const agent = await startAgent(plane.apiserver.address, { logDir: plane.logDir, proxyChainPrefix: chainPrefix, extraArgs: ['--max-pods', String(PODS + 10)] });
  try {
    await Promise.all(Array.from({ length: PODS }, (_, i) => client.create(resources.pods, pod(`${APP_LABEL}-${i}`, agent.nodeName))));
    await waitFor(
      `${PODS} pods running`,
      async () => (await client.list(resources.pods, { namespace: NAMESPACE, labelSelector: `app=${APP_LABEL}` })).items.filter((p) => p.status?.phase === 'Running').length === PODS,
      PODS_RUNNING_TIMEOUT_MS,
      MS_PER_SECOND,
    );
    await sleep(SETTLE_MS);
    const f = await measure(agent.process.child.pid as number);
    const cores = f.ownCores + f.childCores;
    console.log(`idle agent with ${PODS} running pods, ${WINDOW_MS / MS_PER_SECOND} s window`);
    console.log(`  CPU: ${cores.toFixed(3)} core (its own ${f.ownCores.toFixed(3)}, its children ${f.childCores.toFixed(3)}), goal < ${GOAL_CORES}: ${cores < GOAL_CORES ? 'met' : 'NOT met'}`);
    console.log(`  RSS: average ${f.rssAvgMiB.toFixed(1)} MiB, max ${f.rssMaxMiB.toFixed(1)} MiB, goal < ${GOAL_RSS_MIB} MiB: ${f.rssMaxMiB < GOAL_RSS_MIB ? 'met' : 'NOT met'}`);
    console.log(`  ${await heapFigures(agent.healthPort)}`);
  } finally {
    await agent.stop();
    client.close();
    await plane.stop();
    await removeProxyChains(chainPrefix).catch(() => undefined);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
