// A controller's context over a FakeApiClient, for unit tests that build one
// controller, start its informers on seeded objects and call sync directly.
import { Registry } from 'prom-client';
import { EventRecorder } from '../../client/event-recorder.js';
import { SharedInformerFactory } from '../../client/informer-factory.js';
import { silentLogger } from '../../client/silent-logger.js';
import type { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';
import type { ControllerContext } from './controller-context.js';

const SYNC_TIMEOUT_MS = 2_000;

/** A context on a clock that stands still until the test moves it. */
export function fakeControllerContext(fake: FakeApiClient, clock: ManualClock = new ManualClock()): ControllerContext {
  const client = fake.asClient();
  return {
    client,
    factory: new SharedInformerFactory(client),
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
