// The same 40 replicas on the same Docker engine, in one run: by a Flotilla
// Deployment (a whole cluster of real processes, one agent), by a Docker
// Swarm service (`docker service create --replicas 40`), and by raw Docker
// starting 40 pause + app pairs at once as the agent does (the floor without
// a pool), with the same offline image and command. Flotilla runs twice: with
// the agent's sandbox pool off, and with a pool of one sandbox per replica,
// full before the Deployment is created. Prints the time to all running for
// each and the ratios. Not a pass/fail test.
// Run: node dist/bench/swarm-vs-flotilla.js [--replicas 40]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { startCluster } from '../testkit/processes/cluster.js';
import { waitFor } from '../testkit/processes/child-process.js';
import { ensureTestImages, fullPool } from '../testkit/docker/pod-helpers.js';
import { TEST_BUSYBOX_IMAGE } from '../testkit/processes/agent-process.js';
import { resources } from '../api/resources.js';
import { benchDeployment } from './bench-deployment.js';
import { APP_COMMAND, BENCH_LABEL, dockerRun, removeNetwork, removeRawNetwork } from './raw-docker-pods.js';

const run = promisify(execFile);
const DEFAULT_REPLICAS = 40;
const RUN_TIMEOUT_MS = 300_000;
const SWARM_GATEWAY_NETWORK = 'docker_gwbridge';
/** Docker is polled this often for running containers; cheap next to starting them. */
const POLL_INTERVAL_MS = 100;

function replicasFromArgs(): number {
  const i = process.argv.indexOf('--replicas');
  return i < 0 ? DEFAULT_REPLICAS : Number.parseInt(process.argv[i + 1] ?? '', 10);
}

async function runningContainers(docker: Docker, labels: string[]): Promise<number> {
  return (await docker.listContainers({ filters: { label: labels, status: ['running'] } })).length;
}

interface FlotillaResult {
  dockerMs: number;
  apiMs: number;
}

async function flotilla(docker: Docker, replicas: number, poolSize: number): Promise<FlotillaResult> {
  const cluster = await startCluster({ agents: 1, agentArgs: () => ['--sandbox-pool-size', String(poolSize)] });
  const client = cluster.client();
  const node = cluster.agents[0]!.nodeName;
  if (poolSize > 0) await fullPool(docker, node, poolSize);
  const name = 'bench-swarm-peer';
  const deployment = benchDeployment(name, replicas);
  try {
    const running = new Set<string>();
    let apiDone = 0;
    const watch = client.watch(resources.pods, { namespace: 'default', labelSelector: `app=${name}` });
    const watching = (async () => {
      for await (const ev of watch) {
        if (ev.object.status?.phase === 'Running') running.add(ev.object.metadata.name!);
        if (running.size >= replicas && !apiDone) apiDone = Date.now();
      }
    })().catch(() => undefined);
    const start = Date.now();
    await client.create(resources.deployments, deployment);
    const labels = [`io.flotilla.node=${node}`, 'io.flotilla.container-kind=app'];
    await waitFor('flotilla containers running', async () => (await runningContainers(docker, labels)) >= replicas, RUN_TIMEOUT_MS, POLL_INTERVAL_MS);
    const dockerMs = Date.now() - start;
    await waitFor('flotilla pods Running in the API', async () => apiDone > 0, RUN_TIMEOUT_MS, POLL_INTERVAL_MS);
    watch.cancel();
    await watching;
    return { dockerMs, apiMs: apiDone - start };
  } finally {
    client.close();
    await cluster.stop();
  }
}

async function swarmState(): Promise<string> {
  return (await run('docker', ['info', '--format', '{{.Swarm.LocalNodeState}}'])).stdout.trim();
}

async function swarm(docker: Docker, replicas: number): Promise<number> {
  if ((await swarmState()) !== 'inactive') throw new Error('this engine is already part of a swarm; the benchmark only uses a swarm it creates');
  await run('docker', ['swarm', 'init', '--advertise-addr', '127.0.0.1']);
  const service = `flotilla-bench-${randomBytes(3).toString('hex')}`;
  try {
    const start = Date.now();
    await run('docker', [
      'service', 'create', '--detach', '--name', service, '--replicas', String(replicas), '--no-resolve-image',
      '--label', `${BENCH_LABEL}=1`, '--container-label', `${BENCH_LABEL}=1`,
      TEST_BUSYBOX_IMAGE, ...APP_COMMAND,
    ]);
    await waitFor('swarm tasks running', async () => (await runningContainers(docker, [`com.docker.swarm.service.name=${service}`])) >= replicas, RUN_TIMEOUT_MS, POLL_INTERVAL_MS);
    return Date.now() - start;
  } finally {
    await run('docker', ['service', 'rm', service]).catch(() => undefined);
    await waitFor('swarm containers gone', async () => (await docker.listContainers({ all: true, filters: { label: [`com.docker.swarm.service.name=${service}`] } })).length === 0, RUN_TIMEOUT_MS, 500).catch(() => undefined);
    await run('docker', ['swarm', 'leave', '--force']);
    // swarm init made the gateway bridge and leaving keeps it; the engine had no swarm before, so it goes too.
    await removeNetwork(docker, SWARM_GATEWAY_NETWORK);
  }
}

async function main(): Promise<void> {
  const replicas = replicasFromArgs();
  await ensureTestImages();
  const docker = new Docker();
  const f = await flotilla(docker, replicas, 0);
  const p = await flotilla(docker, replicas, replicas);
  // Raw Docker before the swarm: after a swarm leave the engine has been seen to keep endpoints of removed containers.
  const raw = await dockerRun(docker, replicas, false);
  await removeRawNetwork(docker);
  const s = await swarm(docker, replicas);
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`${replicas} replicas of ${TEST_BUSYBOX_IMAGE} ${APP_COMMAND.join(' ')} on one engine`);
  console.log(`  Flotilla Deployment, no pool: all containers running ${secs(f.dockerMs)}, all pods Running in the API ${secs(f.apiMs)}`);
  console.log(`  Flotilla Deployment, pool of ${replicas}: all containers running ${secs(p.dockerMs)}, all pods Running in the API ${secs(p.apiMs)}`);
  console.log(`  Docker Swarm service: all tasks' containers running ${secs(s)}`);
  console.log(`  raw Docker, ${replicas} pause + app pairs at once: all running ${secs(raw.wallMs)}`);
  console.log(`  ratio Flotilla / Swarm (containers running): no pool ${(f.dockerMs / s).toFixed(2)} (goal none), with the pool ${(p.dockerMs / s).toFixed(2)} (goal <= 0.8)`);
  console.log(`  ratio Flotilla without the pool / raw Docker: ${(f.dockerMs / raw.wallMs).toFixed(2)} (goal <= 1.05)`);
}

await main();
