// Controller-manager throughput: a Deployment scaled 0 -> 1,000 replicas,
// through a real apiserver and etcd, with the controller-manager process and
// a simulated agent (binds pods and marks them Running/Ready, no Docker).
// Prints the time from the scale request to 1,000 pods created and to 1,000
// ready (both seen through a watch), and the controller-manager's resident
// memory (sampled from its /metrics) before and at its peak.
//   node dist/bench/controller-deployment-scale.js [--replicas 1000] [--nodes 10]
import { parseArgs } from 'node:util';
import type { Deployment, Pod, WatchEvent } from '../api/types/index.js';
import { startControlPlane } from '../testkit/processes/control-plane.js';
import { waitFor } from '../testkit/processes/child-process.js';
import { startControllerManager } from '../testkit/processes/controller-manager-process.js';
import { FakeAgent } from '../testkit/fakes/fake-agent.js';
import { createNamespace, deployment } from '../testkit/objects/workloads.js';
import { isPodReady } from '../api/ready-conditions.js';
import { resources } from '../api/resources.js';

const NAMESPACE = 'bench';
const RUN_TIMEOUT_MS = 15 * 60_000;
const MEMORY_SAMPLE_MS = 250;

const { values } = parseArgs({
  options: {
    replicas: { type: 'string', default: '1000' },
    nodes: { type: 'string', default: '10' },
  },
});
const REPLICAS = Number(values.replicas);
const NODES = Number(values.nodes);

function residentBytes(metrics: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith('process_resident_memory_bytes '));
  return line ? Number(line.split(' ')[1]) : NaN;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

async function main(): Promise<void> {
  const plane = await startControlPlane();
  const client = plane.apiserver.client();
  const agent = new FakeAgent(client, { nodes: Array.from({ length: NODES }, (_, i) => `bench-node-${i}`), namespace: NAMESPACE });
  const cm = await startControllerManager(plane.apiserver.address, plane.logDir, { extraArgs: ['--leader-elect=false'] });
  let sampler: NodeJS.Timeout | undefined;
  try {
    await createNamespace(client, NAMESPACE);
    await agent.start();
    await client.create(resources.deployments, deployment(NAMESPACE, 'scale', 0, { app: 'scale' }));
    await waitFor('the empty deployment observed', async () => (await client.get(resources.deployments, NAMESPACE, 'scale')).status?.observedGeneration === 1, 30_000);
    const idle = residentBytes(await cm.metrics());
    let peak = idle;
    sampler = setInterval(() => {
      cm.metrics().then((m) => {
        peak = Math.max(peak, residentBytes(m));
      }, () => undefined);
    }, MEMORY_SAMPLE_MS);

    const created = new Set<string>();
    const ready = new Set<string>();
    let allCreatedAt = 0;
    let allReadyAt = 0;
    const watch = client.watch(resources.pods, { namespace: NAMESPACE });
    const watching = (async () => {
      for await (const ev of watch as AsyncIterable<WatchEvent<Pod>>) {
        const name = ev.object.metadata.name ?? '';
        if (ev.type === 'ADDED') created.add(name);
        if (isPodReady(ev.object)) ready.add(name);
        if (!allCreatedAt && created.size >= REPLICAS) allCreatedAt = Date.now();
        if (!allReadyAt && ready.size >= REPLICAS) allReadyAt = Date.now();
      }
    })().catch(() => undefined);

    const d = await client.get(resources.deployments, NAMESPACE, 'scale');
    d.spec.replicas = REPLICAS;
    const start = Date.now();
    await client.update(resources.deployments, d);
    await waitFor(`${REPLICAS} ready pods`, async () => allReadyAt > 0, RUN_TIMEOUT_MS, 200);
    await waitFor('deployment status caught up', async () => (await client.get(resources.deployments, NAMESPACE, 'scale')).status?.availableReplicas === REPLICAS, RUN_TIMEOUT_MS, 200);
    const statusAt = Date.now();
    watch.cancel();
    await watching;
    clearInterval(sampler);
    peak = Math.max(peak, residentBytes(await cm.metrics()));

    console.log(`deployment scaled 0 -> ${REPLICAS} replicas, ${NODES} simulated nodes`);
    console.log(`  ${REPLICAS} pods created:         ${((allCreatedAt - start) / 1000).toFixed(1)} s`);
    console.log(`  ${REPLICAS} pods ready:           ${((allReadyAt - start) / 1000).toFixed(1)} s`);
    console.log(`  deployment status available: ${((statusAt - start) / 1000).toFixed(1)} s`);
    console.log(`  pods ever created:            ${created.size}`);
    console.log(`  controller-manager RSS:       ${mib(idle)} idle, ${mib(peak)} peak`);
  } finally {
    if (sampler) clearInterval(sampler);
    await cm.stop();
    await agent.stop();
    await plane.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
