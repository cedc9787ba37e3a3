// A controller's context over a FakeApiClient, for unit tests that build one
// controller, start its informers on seeded objects and call sync directly.
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { EventRecorder } from '../../client/event-recorder.js';
import { SharedInformerFactory } from '../../client/informer-factory.js';
import { stripManagedFields } from '../../client/strip-managed-fields.js';
import { silentLogger } from '../../client/silent-logger.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';
import type { KubeObject, Pod } from '../../api/types/index.js';
import type { ControllerContext } from './controller-context.js';

const SYNC_TIMEOUT_MS = 2_000;
const MS_PER_SECOND = 1_000;

/** A context on a clock that stands still until the test moves it. */
export function fakeControllerContext(fake: FakeApiClient, clock: ManualClock = new ManualClock()): ControllerContext {
  const client = fake.asClient();
  return {
    client,
    factory: new SharedInformerFactory(client, undefined, { transform: stripManagedFields }),
    recorder: new EventRecorder(client, { component: 'test' }, undefined, () => clock.now()),
    logger: silentLogger(),
    registry: new Registry(),
    clock,
  };
}

/** Starts the informers the controller asked for and waits until they hold the seeded objects. */
export async function startInformers(ctx: ControllerContext): Promise<void> {
  ctx.factory.start();
  await ctx.factory.waitForSync(SYNC_TIMEOUT_MS);
}

/** Replaces the controller's delayed requeue with a recorder of the delays it asks for. */
export function recordRequeues(controller: object): number[] {
  const delays: number[] = [];
  const queue = (controller as { queue: { addAfter(key: string, ms: number): void } }).queue;
  queue.addAfter = (_key, ms) => delays.push(ms);
  return delays;
}

interface Syncable {
  sync(key: string): Promise<void>;
}

/**
 * Builds a controller over the seeded fake, its clock at `clock`'s time, syncs
 * `key` once and answers the delayed requeues it asked for. A fresh controller
 * each time: the fake's watches do not follow the controller's own writes.
 */
export async function syncOnce(fake: FakeApiClient, clock: ManualClock, build: (ctx: ControllerContext) => Syncable, key: string): Promise<number[]> {
  const ctx = fakeControllerContext(fake, clock);
  const controller = build(ctx);
  const requeues = recordRequeues(controller);
  await startInformers(ctx);
  try {
    await controller.sync(key);
    await ctx.recorder.flush();
  } finally {
    await ctx.factory.stop();
  }
  return requeues;
}

/** What the fake stores under `key` now (the controller's last write included). */
export function stored<T extends KubeObject>(fake: FakeApiClient, resource: string, key: string): T {
  const obj = fake.objects.get(resource)?.get(key);
  if (!obj) throw new Error(`no ${resource} ${key} in the fake`);
  return obj as T;
}

/** A Running pod controlled by `owner`, with the owner's template labels, Ready since `readySinceMs`. */
export function readyOwnedPod(owner: KubeObject, name: string, labels: Record<string, string>, readySinceMs: number): Pod {
  const since = new Date(readySinceMs).toISOString();
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      uid: `${name}-uid`,
      labels,
      creationTimestamp: since,
      ownerReferences: [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true }],
    },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: since }] },
  };
}

/** A workload whose one pod became ready `elapsedMs` ago by the controller's clock, synced once. */
export interface ReadyPodSync<T extends KubeObject> {
  owner: T;
  resource: string;
  podName: string;
  podLabels: Record<string, string>;
  build: (ctx: ControllerContext) => Syncable;
}

/** Syncs the workload once, `elapsedMs` after its pod became ready; answers the workload as stored and the requeues asked for. */
export async function syncAfterReady<T extends KubeObject>(spec: ReadyPodSync<T>, elapsedMs: number): Promise<{ stored: T; requeues: number[] }> {
  const clock = new ManualClock();
  const fake = new FakeApiClient();
  fake.seed(spec.resource, spec.owner);
  fake.seed('pods', readyOwnedPod(spec.owner, spec.podName, spec.podLabels, clock.now()));
  clock.advance(elapsedMs);
  const key = `${spec.owner.metadata.namespace}/${spec.owner.metadata.name}`;
  const requeues = await syncOnce(fake, clock, spec.build, key);
  return { stored: stored<T>(fake, spec.resource, key), requeues };
}

type ReplicatedWorkload = KubeObject & { status?: { readyReplicas?: number; availableReplicas?: number } };

/** The workload's one ready pod is available only once the controller clock passes minReadySeconds, and the controller asks to look again then. */
export async function assertAvailabilityFollowsClock(spec: ReadyPodSync<ReplicatedWorkload>, minReadySeconds: number): Promise<void> {
  const early = await syncAfterReady(spec, minReadySeconds * MS_PER_SECOND - 1);
  assert.equal(early.stored.status?.readyReplicas, 1);
  assert.equal(early.stored.status?.availableReplicas ?? 0, 0);
  assert.equal(early.requeues.length, 1, 'asks to look again when the pod will be available');
  assert.ok(early.requeues[0]! >= 1 && early.requeues[0]! < minReadySeconds * MS_PER_SECOND, `requeue after ${early.requeues[0]} ms`);
  const late = await syncAfterReady(spec, minReadySeconds * MS_PER_SECOND);
  assert.equal(late.stored.status?.availableReplicas, 1);
  assert.deepEqual(late.requeues, []);
}
