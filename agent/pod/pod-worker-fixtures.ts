// A pod worker's surroundings for tests: the in-memory runtime, a clock moved
// by hand, an API client that records status patches and deletes, and events
// as lines.
import { pino } from 'pino';
import type { Pod, PodStatus } from '../../api/types/index.js';
import type { ApiClient } from '../../client/api-client.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';
import { FakeRuntime } from '../runtime/fake-runtime.js';
import { PodWorker } from './pod-worker.js';
import type { PodWorkerDeps } from './worker-deps.js';

export const IMAGE = 'flotilla/busybox:1.35';
export const NETWORK = 'flotilla-test';
export const NODE = 'node-a';
export const POD_UID = 'uid-0001';
export const FIRST_BACKOFF_MS = 10_000;
/** Rounds of the event loop a chain of syncs, probe results and wake-ups may need to settle. */
const SETTLE_ROUNDS = 20;

export interface Harness {
  runtime: FakeRuntime;
  clock: ManualClock;
  deps: PodWorkerDeps;
  events: string[];
  statuses: PodStatus[];
  deletes: { name: string; uid?: string }[];
  /** The pod as the API holds it: status patches answer it with the new status. */
  apiPod: Pod;
}

export function podManifest(overrides: Partial<Pod['spec']> = {}, metadata: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: POD_UID, ...metadata },
    spec: { nodeName: NODE, restartPolicy: 'Always', terminationGracePeriodSeconds: 30, containers: [{ name: 'app', image: IMAGE, imagePullPolicy: 'IfNotPresent' }], ...overrides },
  };
}

export function harness(stateDir: string): Harness {
  const clock = new ManualClock();
  const runtime = new FakeRuntime(clock, NETWORK);
  runtime.images.add(IMAGE);
  const events: string[] = [];
  const statuses: PodStatus[] = [];
  const deletes: { name: string; uid?: string }[] = [];
  const client = {
    patch: async (_r: unknown, _ns: string, _name: string, _type: string, body: { status: PodStatus }) => {
      statuses.push(body.status);
      return { ...h.apiPod, status: body.status };
    },
    delete: async (_r: unknown, _ns: string, name: string, options: { preconditions?: { uid?: string } }) => {
      deletes.push({ name, uid: options.preconditions?.uid });
      return {};
    },
  } as unknown as ApiClient;
  const deps: PodWorkerDeps = {
    node: NODE,
    runtime,
    clock,
    client,
    config: { configMap: async () => undefined, secret: async () => undefined, service: async () => undefined, persistentVolumeClaim: async () => undefined, persistentVolume: async () => undefined } as unknown as PodWorkerDeps['config'],
    events: { event: (_obj, _type, reason, message) => events.push(`${reason}: ${message}`) },
    logger: pino({ level: process.env.TEST_LOG ?? 'silent' }),
    stateDir,
    pauseImage: 'flotilla/pause:3.9',
    network: NETWORK,
    hostIP: '192.0.2.10',
    hostHostsFile: '127.0.0.1\tlocalhost\n',
    dns: { clusterDNS: [], clusterDomain: 'cluster.local', hostResolvConf: 'nameserver 192.0.2.53\n' },
  };
  const h: Harness = { runtime, clock, deps, events, statuses, deletes, apiPod: podManifest() };
  return h;
}

/** Lets every sync, probe and wake-up that is due run to the end. */
export async function settle(worker: PodWorker): Promise<void> {
  for (let i = 0; i < SETTLE_ROUNDS; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    await worker.whenIdle();
  }
}

export function running(h: Harness, containerName: string): number {
  return h.runtime.all().filter((c) => c.containerName === containerName && c.state === 'running').length;
}

/**
 * Runs a worker for the pod until it settles, shuts it down as a stopping
 * agent does, then settles a new worker that starts from the last reported
 * status; answers the new worker and how many creates came before it.
 */
export async function restartedWorker(h: Harness, pod: Pod): Promise<{ after: PodWorker; createsBefore: number }> {
  const before = new PodWorker(pod, h.deps, () => undefined);
  before.requestSync();
  await settle(before);
  const lastStatus = h.statuses.at(-1);
  before.shutdown();
  const createsBefore = h.runtime.callsOf('create').length;
  const after = new PodWorker({ ...pod, status: lastStatus }, h.deps, () => undefined);
  after.requestSync();
  await settle(after);
  return { after, createsBefore };
}
