// Where the time of a burst of pod starts goes: one cluster (one agent, no
// sandbox pool), a Deployment of N replicas, and for every pod the moments it
// passes each stage, from the apiserver's watch (created, bound, Running) and
// the engine's event stream (sandbox and app container created and started).
// Prints, per stage, when the first, the median and the last pod reached it
// (ms after the Deployment was created), and the median and slowest gap from
// the stage before, to set beside raw-docker-pods' pause + app pairs.
// Not a pass/fail test.
// Run: node dist/bench/pod-start-timeline.js [--replicas 40]
import { execFile } from 'node:child_process';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import type { Pod } from '../api/types/index.js';
import { resources } from '../api/resources.js';
import { LABEL_CONTAINER_KIND, LABEL_NODE, LABEL_POD_UID } from '../agent/labels.js';
import { startCluster, type TestCluster } from '../testkit/processes/cluster.js';
import { waitFor } from '../testkit/processes/child-process.js';
import { ensureTestImages } from '../testkit/docker/pod-helpers.js';
import { benchDeployment } from './bench-deployment.js';
import { percentile } from './percentiles.js';
import { measureCpu } from './process-stats.js';
import { countsSince, writeRequests } from './process-usage.js';

const run = promisify(execFile);
const DEFAULT_REPLICAS = 40;
const RUN_TIMEOUT_MS = 300_000;
const POLL_INTERVAL_MS = 100;
const NANOS_PER_MS = 1_000_000;
const STAGES = ['created', 'bound', 'sandbox-create', 'sandbox-start', 'app-create', 'app-start', 'running'] as const;
type Stage = (typeof STAGES)[number];

interface EngineEvent {
  Action?: string;
  timeNano?: number;
  Actor?: { Attributes?: Record<string, string> };
}

function replicasFromArgs(): number {
  const i = process.argv.indexOf('--replicas');
  return i < 0 ? DEFAULT_REPLICAS : Number.parseInt(process.argv[i + 1] ?? '', 10);
}

class Timeline {
  readonly byPod = new Map<string, Partial<Record<Stage, number>>>();

  mark(uid: string, stage: Stage, at: number): void {
    const pod = this.byPod.get(uid) ?? {};
    if (pod[stage] === undefined) pod[stage] = at;
    this.byPod.set(uid, pod);
  }

  running(): number {
    return [...this.byPod.values()].filter((p) => p.running !== undefined).length;
  }

  print(start: number): void {
    let previous: Stage | undefined;
    console.log('stage            first   p50   last (ms after create) | gap from the stage before: p50   max');
    for (const stage of STAGES) {
      const pods = [...this.byPod.values()].filter((p) => p[stage] !== undefined);
      const at = pods.map((p) => p[stage]! - start);
      const gaps = previous ? pods.filter((p) => p[previous!] !== undefined).map((p) => p[stage]! - p[previous!]!) : [];
      const cell = (v: number) => String(Math.round(v)).padStart(6);
      const gapText = gaps.length ? `${cell(percentile(gaps, 50))}${cell(Math.max(...gaps))}` : '';
      console.log(`${stage.padEnd(15)}${cell(Math.min(...at))}${cell(percentile(at, 50))}${cell(Math.max(...at))}${' '.repeat(24)}| ${gapText}`);
      previous = stage;
    }
  }
}

function engineStage(event: EngineEvent): Stage | undefined {
  const kind = event.Actor?.Attributes?.[LABEL_CONTAINER_KIND];
  if (kind !== 'sandbox' && kind !== 'app') return undefined;
  if (event.Action !== 'create' && event.Action !== 'start') return undefined;
  return `${kind}-${event.Action}` as Stage;
}

function followEngine(stream: Readable, timeline: Timeline): void {
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const event = JSON.parse(buffered.slice(0, nl)) as EngineEvent;
      buffered = buffered.slice(nl + 1);
      const stage = engineStage(event);
      const uid = event.Actor?.Attributes?.[LABEL_POD_UID];
      if (stage && uid && event.timeNano) timeline.mark(uid, stage, event.timeNano / NANOS_PER_MS);
    }
  });
}

/** The cluster's processes, and the engine's (shared with anything else using it). */
async function clusterPids(cluster: TestCluster): Promise<Record<string, number>> {
  const engine = async (name: string) => Number((await run('pidof', ['-s', name]).catch(() => ({ stdout: 'NaN' }))).stdout.trim());
  return {
    agent: cluster.agents[0]!.process.child.pid!,
    apiserver: cluster.controlPlane.apiserver.process.child.pid!,
    etcd: cluster.controlPlane.etcd.process.child.pid!,
    scheduler: cluster.scheduler.process.child.pid!,
    controllerManager: cluster.controllerManager.process.child.pid!,
    dockerd: await engine('dockerd'),
    containerd: await engine('containerd'),
  };
}

async function main(): Promise<void> {
  const replicas = replicasFromArgs();
  await ensureTestImages();
  const docker = new Docker();
  const cluster = await startCluster({ agents: 1, agentArgs: () => ['--sandbox-pool-size', '0'] });
  const client = cluster.client();
  const node = cluster.agents[0]!.nodeName;
  const name = 'bench-timeline';
  const timeline = new Timeline();
  const engine = (await docker.getEvents({ filters: { type: ['container'], label: [`${LABEL_NODE}=${node}`] } })) as unknown as Readable;
  try {
    followEngine(engine, timeline);
    const watch = client.watch(resources.pods, { namespace: 'default', labelSelector: `app=${name}` });
    const watching = (async () => {
      for await (const ev of watch) {
        const pod: Pod = ev.object;
        const uid = pod.metadata.uid ?? '';
        const now = Date.now();
        timeline.mark(uid, 'created', now);
        if (pod.spec.nodeName) timeline.mark(uid, 'bound', now);
        if (pod.status?.phase === 'Running') timeline.mark(uid, 'running', now);
      }
    })().catch(() => undefined);
    const apiMetrics = async (): Promise<string> => (await fetch(`http://127.0.0.1:${cluster.controlPlane.apiserver.healthPort}/metrics`)).text();
    const writesBefore = writeRequests(await apiMetrics());
    const start = Date.now();
    const { cpu } = await measureCpu(await clusterPids(cluster), async () => {
      await client.create(resources.deployments, benchDeployment(name, replicas));
      await waitFor('pods Running in the API', async () => timeline.running() >= replicas, RUN_TIMEOUT_MS, POLL_INTERVAL_MS);
    });
    watch.cancel();
    await watching;
    const lastRunning = Math.max(...[...timeline.byPod.values()].map((p) => p.running ?? 0));
    console.log(`${replicas} replicas, one agent without a sandbox pool: all Running ${lastRunning - start} ms after the Deployment was created`);
    timeline.print(start);
    console.log(`CPU ms spent during the run: ${Object.entries(cpu).map(([who, ms]) => `${who} ${Math.round(ms)}`).join(', ')}`);
    const writes = countsSince(writesBefore, writeRequests(await apiMetrics()));
    console.log(`API writes per pod until all ran: ${[...writes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${(n / replicas).toFixed(2)}`).join(', ')}`);
  } finally {
    engine.destroy();
    client.close();
    await cluster.stop();
  }
}

await main();
