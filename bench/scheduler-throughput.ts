// Scheduler throughput: 1,000 node objects, 10,000 pods, all through a real
// apiserver and etcd, with the scheduler process running while the pods are
// created (as kube-scheduler's scheduler_perf does). Prints pods/s over the
// whole run (first create sent -> last bind seen) and latency percentiles:
// create sent -> bind seen by a watch, and the scheduler's own per-attempt
// e2e histogram (algorithm + bind).
// With --precreate the pods are all created first and the scheduler starts
// afterwards: that run measures the scheduler (decide + bind through the
// apiserver) without the apiserver also absorbing the creates.
// With --rate N the pods are created at N per second instead of as fast as
// the apiserver takes them, to read latency below saturation.
// With --stub-api the scheduler runs in this process with no apiserver (its
// own ceiling; see scheduler-stub-run.ts). Every run with an apiserver ends
// with the CPU each process spent per pod, their RSS holding every pod, and
// the API writes per pod. A controller-manager with every controller runs
// beside the scheduler (started once every pod exists; its CPU counts from
// its start), so the memory figure is the whole control plane's;
// --without-controller-manager leaves it out. The control plane's memory is
// read again after --settle seconds (120 by default: the controller-manager's
// first sync over and the watch history aged out) of holding every pod with
// nothing to do: the burst's peak and the steady state are both printed.
import { parseArgs } from 'node:util';
import { startControlPlane } from '../testkit/processes/control-plane.js';
import { waitFor } from '../testkit/processes/child-process.js';
import { startControllerManager, type ControllerManagerProcess } from '../testkit/processes/controller-manager-process.js';
import { startSchedulerProcess } from '../testkit/processes/scheduler-process.js';
import { resources } from '../api/resources.js';
import { countsSince, processUsage, writeRequests } from './process-usage.js';
import { percentile } from './percentiles.js';
import { histogramPercentile, printSettledMemory, printTimeline, printUsage } from './scheduler-bench-report.js';
import { benchPod, CREATE_CONCURRENCY, createNodes, createOwners, NAMESPACE, pool } from './scheduler-bench-workload.js';
import { runStubbed } from './scheduler-stub-run.js';

const RUN_TIMEOUT_MS = 30 * 60_000;
/**
 * The benchmark's nodes have no agent renewing their leases: a grace period
 * longer than any run keeps the node lifecycle controller from tainting them
 * (which would stop scheduling), while the controller still watches them all.
 */
const BENCH_NODE_MONITOR_GRACE = '24h';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1000' },
    pods: { type: 'string', default: '10000' },
    precreate: { type: 'boolean', default: false },
    rate: { type: 'string', default: '0' },
    timeline: { type: 'boolean', default: false },
    'stub-api': { type: 'boolean', default: false },
    'without-controller-manager': { type: 'boolean', default: false },
    settle: { type: 'string', default: '120' },
    help: { type: 'boolean', default: false },
  },
});
const USAGE =
  'node dist/bench/scheduler-throughput.js [--nodes 1000] [--pods 10000] [--precreate | --rate N] [--timeline] [--stub-api] [--without-controller-manager] [--settle 120]';
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const NODES = Number(values.nodes);
const PODS = Number(values.pods);
const PRECREATE = values.precreate === true;
/** Seconds the control plane holds every pod idle before its memory is read again; 0: not read again. */
const SETTLE_SECONDS = Number(values.settle);
/** Pod creates per second; 0: as fast as they go. */
const RATE = Number(values.rate);
const WITH_CONTROLLER_MANAGER = values['without-controller-manager'] !== true;

/** The controller-manager with every controller, as a cluster runs it, once every pod exists (see scheduler-bench-workload.ts). */
function startBenchControllerManager(address: string, logDir: string): Promise<ControllerManagerProcess | undefined> {
  if (!WITH_CONTROLLER_MANAGER) return Promise.resolve(undefined);
  return startControllerManager(address, logDir, { extraArgs: ['--leader-elect', 'false', '--node-monitor-grace-period', BENCH_NODE_MONITOR_GRACE] });
}

async function mainStubbed(): Promise<void> {
  const r = await runStubbed({ nodes: NODES, pods: PODS, precreate: PRECREATE });
  const mode = PRECREATE ? 'pods queued beforehand' : 'pods arriving while scheduling';
  console.log(`scheduler alone, API stubbed (${mode}): scheduled ${r.binds} pods onto ${NODES} nodes in ${r.seconds.toFixed(2)} s: ${(r.binds / r.seconds).toFixed(0)} pods/s`);
  console.log(`scheduler CPU: ${r.cpuSeconds.toFixed(2)} s, ${((r.cpuSeconds * 1e6) / r.binds).toFixed(0)} us per pod; API calls per pod: binds ${(r.binds / PODS).toFixed(2)}, events ${(r.events / PODS).toFixed(2)}, status writes ${(r.statusWrites / PODS).toFixed(2)}`);
}

async function main(): Promise<void> {
  if (values['stub-api']) return mainStubbed();
  const plane = await startControlPlane();
  const client = plane.apiserver.client();
  try {
    await client.create(resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
    const nodesStart = Date.now();
    await createNodes(client, NODES);
    const owners = await createOwners(client, PODS);
    console.log(`created ${NODES} nodes in ${((Date.now() - nodesStart) / 1000).toFixed(1)} s`);

    const sent = new Map<string, number>();
    const boundAt = new Map<string, number>();
    const list = await client.list(resources.pods, { namespace: NAMESPACE });
    // The apiserver closes a watch that falls behind, as this process may while it also sends the creates: resume from the last change seen.
    let seenRevision = list.metadata.resourceVersion ?? '';
    let watch = client.watch(resources.pods, { namespace: NAMESPACE, resourceVersion: seenRevision });
    let watchingDone = false;
    const watching = (async () => {
      while (!watchingDone) {
        try {
          for await (const ev of watch) {
            seenRevision = ev.object.metadata.resourceVersion ?? seenRevision;
            const name = ev.object.metadata.name ?? '';
            if (ev.object.spec?.nodeName && !boundAt.has(name)) boundAt.set(name, Date.now());
          }
        } catch {
          // Closed by the apiserver: resumed below.
        }
        if (!watchingDone) watch = client.watch(resources.pods, { namespace: NAMESPACE, resourceVersion: seenRevision });
      }
    })();
    const createPods = async (): Promise<void> => {
      const t0 = Date.now();
      await pool(PODS, CREATE_CONCURRENCY, async (i) => {
        if (RATE > 0) {
          const due = t0 + (i * 1000) / RATE;
          if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        }
        const pod = benchPod(i, owners);
        sent.set(pod.metadata.name ?? '', Date.now());
        await client.create(resources.pods, pod);
      });
      const s = (Date.now() - t0) / 1000;
      console.log(`created ${PODS} pods in ${s.toFixed(1)} s (${(PODS / s).toFixed(0)} creates/s)`);
    };
    if (PRECREATE) await createPods();

    const planePids = { apiserver: plane.apiserver.process.child.pid, etcd: plane.etcd.process.child.pid };
    const planeBefore = { apiserver: processUsage(planePids.apiserver), etcd: processUsage(planePids.etcd) };
    const apiMetrics = async (): Promise<string> => (await fetch(`http://127.0.0.1:${plane.apiserver.healthPort}/metrics`)).text();
    const writesBefore = writeRequests(await apiMetrics());
    const schedulerStart = Date.now();
    const scheduler = await startSchedulerProcess(plane.apiserver.address, plane.logDir, { extraArgs: ['--leader-elect', 'false'] });
    let controllerManager: ControllerManagerProcess | undefined;
    try {
      const start = PRECREATE ? schedulerStart : Date.now();
      if (PRECREATE) for (const name of sent.keys()) sent.set(name, start);
      else await createPods();
      controllerManager = await startBenchControllerManager(plane.apiserver.address, plane.logDir);
      await waitFor('every pod bound', async () => boundAt.size >= PODS, RUN_TIMEOUT_MS, 200);
      const end = Math.max(...boundAt.values());
      const pids = { ...planePids, scheduler: scheduler.process.child.pid, 'controller-manager': controllerManager?.process.child.pid };
      const usage = [
        { name: 'apiserver', before: planeBefore.apiserver, after: processUsage(pids.apiserver) },
        { name: 'scheduler', before: undefined, after: processUsage(pids.scheduler) },
        { name: 'controller-manager', before: undefined, after: processUsage(pids['controller-manager']) },
        { name: 'etcd', before: planeBefore.etcd, after: processUsage(pids.etcd) },
      ];
      watchingDone = true;
      watch.cancel();
      await watching;

      const latencies = [...boundAt].map(([name, t]) => t - (sent.get(name) ?? t)).sort((a, b) => a - b);
      const seconds = (end - start) / 1000;
      const metrics = await scheduler.metrics();
      const e2eP99 = histogramPercentile(metrics, 'scheduler_e2e_scheduling_duration_seconds', 'result="scheduled",profile="default-scheduler"', 99);
      const algoP99 = histogramPercentile(metrics, 'scheduler_scheduling_algorithm_duration_seconds', '', 99);
      const algoP50 = histogramPercentile(metrics, 'scheduler_scheduling_algorithm_duration_seconds', '', 50);
      const perNode = new Map<string, number>();
      for (const p of (await client.list(resources.pods, { namespace: NAMESPACE })).items) {
        if (p.spec.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
      }
      const counts = [...perNode.values()];
      const mode = PRECREATE
        ? 'pods created beforehand, clock starts with the scheduler process'
        : `pods created while scheduling${RATE > 0 ? ` at ${RATE}/s` : ' as fast as the apiserver takes them'}`;
      console.log(`${mode}: scheduled ${boundAt.size} pods onto ${NODES} nodes in ${seconds.toFixed(1)} s: ${(boundAt.size / seconds).toFixed(0)} pods/s`);
      console.log(
        `${PRECREATE ? 'scheduler start' : 'create sent'}->bound latency: p50 ${percentile(latencies, 50)} ms, p90 ${percentile(latencies, 90)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms`,
      );
      console.log(`scheduler attempt e2e latency (algorithm + bind, from its histogram): p99 ~${(e2eP99 * 1000).toFixed(0)} ms`);
      console.log(`scheduling algorithm alone (filter + score): p50 ~${(algoP50 * 1000).toFixed(2)} ms, p99 ~${(algoP99 * 1000).toFixed(2)} ms`);
      if (values.timeline) printTimeline(start, sent, boundAt);
      console.log(`pods per node: min ${Math.min(...counts)}, max ${Math.max(...counts)}, nodes used ${perNode.size}`);
      const writes = countsSince(writesBefore, writeRequests(await apiMetrics()));
      console.log(`API writes per pod while ${PRECREATE ? 'scheduling' : 'creating and scheduling'}: ${[...writes].map(([k, n]) => `${k} ${(n / PODS).toFixed(2)}`).join(', ')}`);
      printUsage(usage, boundAt.size, NODES, PRECREATE ? 'scheduling' : 'creating and scheduling');
      if (SETTLE_SECONDS > 0) {
        await new Promise((resolve) => setTimeout(resolve, SETTLE_SECONDS * 1000));
        const held = (['apiserver', 'scheduler', 'controller-manager'] as const).map((name) => ({ name, after: processUsage(pids[name]) }));
        printSettledMemory(held, SETTLE_SECONDS);
      }
    } finally {
      await controllerManager?.stop();
      await scheduler.stop();
    }
  } finally {
    await plane.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
