// What every controller is built from: the client, the shared informers, an
// event recorder, a logger, the process's metrics registry and its clock.
import type { Registry } from 'prom-client';
import type { ApiClient } from '../../client/api-client.js';
import type { Clock } from '../../client/clock.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { SharedInformerFactory } from '../../client/informer-factory.js';
import type { Logger } from '../../client/logger.js';
import type { KubeObject } from '../../api/types/index.js';
import type { IndexFunc, Store } from '../../client/cache-store.js';
import { isApiError } from '../../api/errors.js';

export interface ControllerContext {
  client: ApiClient;
  factory: SharedInformerFactory;
  recorder: EventRecorder;
  logger: Logger;
  registry: Registry;
  /** The only time controllers read: required, so no controller can fall back to the machine's clock where a test moves this one. */
  clock: Clock;
}

/** A controller registers its informers and handlers when built; run() works its queue until the signal aborts. */
export interface Controller {
  readonly name: string;
  run(workers: number, signal: AbortSignal): Promise<void>;
}

/** Adds an index to a shared store unless another controller already did. */
export function ensureIndex<T extends KubeObject>(store: Store<T>, name: string, fn: IndexFunc<T>): void {
  try {
    store.addIndex(name, fn);
  } catch (err) {
    if (!isApiError(err, 'AlreadyExists')) throw err;
  }
}
