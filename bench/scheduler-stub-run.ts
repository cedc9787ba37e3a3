// The scheduler's own cost, with no apiserver: the real Scheduler (queue,
// cache, default plugins) fed by direct handler calls, and a bind that
// answers on the next turn of the event loop and then shows the bound pod to
// the scheduler as the informer would. Whatever rate this gives is the
// ceiling of the scheduler process with one core to itself; the difference
// to the full run is the apiserver's (and the wire's) share.
import type { Pod, PodCondition } from '../api/types/index.js';
import { silentLogger } from '../client/silent-logger.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { EventKind, SchedulerApi } from '../scheduler/scheduler-api.js';
import { makeNode, makePod } from '../testkit/objects/scheduling-objects.js';
import { systemClock } from '../client/clock.js';

export interface StubRunOptions {
  nodes: number;
  pods: number;
  /** Every pod queued before the loop starts; else they arrive while it runs. */
  precreate: boolean;
  /** Pods handed to the scheduler per event-loop turn while it runs. */
  arrivalBatch?: number;
}

export interface StubRunResult {
  seconds: number;
  cpuSeconds: number;
  binds: number;
  events: number;
  statusWrites: number;
}

/** Arrivals per turn: about what one watch message batch brings. */
const DEFAULT_ARRIVAL_BATCH = 64;

class StubApi implements SchedulerApi {
  binds = 0;
  events = 0;
  statusWrites = 0;
  constructor(private readonly onBound: (pod: Pod, nodeName: string) => void) {}

  async bind(pod: Pod, nodeName: string): Promise<void> {
    this.binds++;
    await new Promise<void>((resolve) => setImmediate(resolve));
    setImmediate(() => this.onBound(pod, nodeName));
  }

  async setPodCondition(_pod: Pod, _condition: PodCondition): Promise<void> {
    this.statusWrites++;
  }

  event(_pod: Pod, _type: EventKind, _reason: string, _message: string): void {
    this.events++;
  }
}

function benchPod(i: number): Pod {
  return makePod(`bench-pod-${i}`, { namespace: 'bench', cpu: '100m', memory: '128Mi', ownerUid: `rs-${i % 100}` });
}

export async function runStubbed(opts: StubRunOptions): Promise<StubRunResult> {
  let bound = 0;
  let allBound: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allBound = resolve));
  const api = new StubApi((pod, nodeName) => {
    const confirmed: Pod = { ...pod, metadata: { ...pod.metadata, resourceVersion: String(++bound) }, spec: { ...pod.spec, nodeName } };
    scheduler.onPodUpdate(pod, confirmed);
    if (bound === opts.pods) allBound();
  });
  const scheduler = new Scheduler({ api, logger: silentLogger(), clock: systemClock });
  for (let i = 0; i < opts.nodes; i++) {
    scheduler.onNodeAdd(makeNode(`bench-node-${i}`, { cpu: '32', memory: '128Gi', pods: '110', labels: { zone: `z${i % 3}` } }));
  }
  const pods = Array.from({ length: opts.pods }, (_, i) => benchPod(i));
  if (opts.precreate) for (const pod of pods) scheduler.onPodAdd(pod);
  const stop = new AbortController();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  scheduler.start();
  const loop = scheduler.run(stop.signal);
  if (!opts.precreate) {
    const batch = opts.arrivalBatch ?? DEFAULT_ARRIVAL_BATCH;
    for (let i = 0; i < pods.length; i += batch) {
      for (const pod of pods.slice(i, i + batch)) scheduler.onPodAdd(pod);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  await done;
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  stop.abort();
  scheduler.stop();
  await loop;
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, binds: api.binds, events: api.events, statusWrites: api.statusWrites };
}
