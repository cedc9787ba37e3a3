// Cost of resource-metrics collection in the agent: with N running pods on
// one real agent and Docker, the agent's CPU (from /proc/<pid>/stat) and
// resident memory (VmRSS, sampled) over a window with collection off
// (--metrics-interval 0) and then on (the default 15 s interval, or
// --interval), in one run. The pods stay up across the agent's restart (it
// adopts them), so both windows see the same containers. Prints figures;
// the goal is under 2% of one core for collection at 50 pods.
//   node dist/bench/metrics-collection.js [--pods 20] [--window 60] [--interval 15]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Pod } from '../api/types/index.js';
import { resources } from '../api/resources.js';
import { startControlPlane } from '../testkit/processes/control-plane.js';
import { startAgent, TEST_BUSYBOX_IMAGE, type TestAgent } from '../testkit/processes/agent-process.js';
import { waitFor } from '../testkit/processes/child-process.js';
import { ensureTestImages } from '../testkit/docker/pod-helpers.js';

const NAMESPACE = 'default';
const PODS_RUNNING_TIMEOUT_MS = 10 * 60_000;
/** After a (re)start the agent adopts the pods and settles before the window opens. */
const SETTLE_MS = 20_000;
const RSS_SAMPLE_MS = 1_000;
/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;
const MS_PER_SECOND = 1000;
const KIB = 1024;
const POD_CPU_REQUEST = '10m';

const { values } = parseArgs({
  options: {
    pods: { type: 'string', default: '20' },
    window: { type: 'string', default: '60' },
    interval: { type: 'string', default: '15' },
  },
});
const PODS = Number(values.pods);
const WINDOW_MS = Number(values.window) * MS_PER_SECOND;
const INTERVAL_SECONDS = values.interval;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** utime + stime of the process, in seconds. */
function cpuSeconds(pid: number): number {
  // The command name (field 2) may hold spaces; the fields after its ')' are fixed.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / CLOCK_TICKS_PER_SECOND;
}

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number.parseInt(line?.split(/\s+/)[1] ?? 'NaN', 10) * KIB;
}

interface WindowFigures {
  cpuPercentOfCore: number;
  rssAvgMiB: number;
  rssMaxMiB: number;
}

async function measure(agent: TestAgent): Promise<WindowFigures> {
  await sleep(SETTLE_MS);
  const pid = agent.process.child.pid as number;
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(rssBytes(pid)), RSS_SAMPLE_MS);
  const cpuBefore = cpuSeconds(pid);
  const started = Date.now();
  await sleep(WINDOW_MS);
  const cpu = cpuSeconds(pid) - cpuBefore;
  const elapsed = (Date.now() - started) / MS_PER_SECOND;
  clearInterval(sampler);
  const mib = (b: number): number => b / KIB / KIB;
  return {
    cpuPercentOfCore: (cpu / elapsed) * 100,
    rssAvgMiB: mib(rss.reduce((a, b) => a + b, 0) / rss.length),
    rssMaxMiB: mib(Math.max(...rss)),
  };
}

function pod(name: string, nodeName: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NAMESPACE, labels: { app: 'metrics-bench' } },
    spec: {
      nodeName,
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'idle', image: TEST_BUSYBOX_IMAGE, command: ['sleep', '86400'], resources: { requests: { cpu: POD_CPU_REQUEST } } }],
    },
  };
}

function row(label: string, f: WindowFigures): string {
  return `${label.padEnd(28)} ${f.cpuPercentOfCore.toFixed(2).padStart(8)}%  ${f.rssAvgMiB.toFixed(1).padStart(8)} MiB  ${f.rssMaxMiB.toFixed(1).padStart(8)} MiB`;
}

async function main(): Promise<void> {
  await ensureTestImages();
  const plane = await startControlPlane();
  const client = plane.apiserver.client();
  const agent = await startAgent(plane.apiserver.address, { logDir: plane.logDir, extraArgs: ['--metrics-interval', '0', '--max-pods', String(PODS + 10)] });
  try {
    await Promise.all(Array.from({ length: PODS }, (_, i) => client.create(resources.pods, pod(`metrics-bench-${i}`, agent.nodeName))));
    await waitFor(
      `${PODS} pods running`,
      async () => (await client.list(resources.pods, { namespace: NAMESPACE, labelSelector: 'app=metrics-bench' })).items.filter((p) => p.status?.phase === 'Running').length === PODS,
      PODS_RUNNING_TIMEOUT_MS,
      MS_PER_SECOND,
    );
    const off = await measure(agent);
    await agent.stopProcess();
    await agent.restart(['--metrics-interval', INTERVAL_SECONDS, '--max-pods', String(PODS + 10)]);
    const on = await measure(agent);
    console.log(`agent with ${PODS} running pods, ${WINDOW_MS / MS_PER_SECOND} s windows`);
    console.log(`${''.padEnd(28)} ${'CPU/core'.padStart(9)}  ${'RSS avg'.padStart(12)}  ${'RSS max'.padStart(12)}`);
    console.log(row('collection off', off));
    console.log(row(`collection on (every ${INTERVAL_SECONDS} s)`, on));
    console.log(`collection costs ${(on.cpuPercentOfCore - off.cpuPercentOfCore).toFixed(2)}% of one core and ${(on.rssAvgMiB - off.rssAvgMiB).toFixed(1)} MiB RSS on average`);
  } finally {
    await agent.stop();
    client.close();
    await plane.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
