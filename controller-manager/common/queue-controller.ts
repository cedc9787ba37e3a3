// What every queue-driven controller shares: a logger and a work queue named
// after it, and run() working that queue through its timed sync.
import type { KubeObject } from '../../api/types/index.js';
import type { Informer } from '../../client/informer.js';
import type { Logger } from '../../client/logger.js';
import { keyOf } from '../../client/object-key.js';
import { prometheusWorkQueueMetrics } from '../../client/work-queue-metrics.js';
import { WorkQueue } from '../../client/work-queue.js';
import type { Controller, ControllerContext } from './controller-context.js';
import { timedReconcile } from './controller-metrics.js';
import { runQueue } from './queue-runner.js';

export abstract class QueueController implements Controller {
  readonly name: string;
  protected readonly ctx: ControllerContext;
  protected readonly logger: Logger;
  protected readonly queue: WorkQueue;

  protected constructor(ctx: ControllerContext, name: string) {
    this.name = name;
    this.ctx = ctx;
    this.logger = ctx.logger.child({ controller: name });
    this.queue = new WorkQueue({ name, metrics: prometheusWorkQueueMetrics(ctx.registry, name), clock: ctx.clock });
  }

  run(workers: number, signal: AbortSignal): Promise<void> {
    return runQueue(this.queue, workers, timedReconcile(this.ctx.registry, this.name, (key) => this.sync(key)), signal, this.logger);
  }

  /** Brings what `key` names to the state its object asks for. */
  abstract sync(key: string): Promise<void>;

  /** Queues the `namespace/name` key of `obj`. */
  protected enqueue(obj: KubeObject): void {
    this.queue.add(keyOf(obj));
  }

  /** Queues the key of every object of `informer` that is added, updated or deleted. */
  protected enqueueChanges<T extends KubeObject>(informer: Informer<T>): void {
    informer.addEventHandler({
      onAdd: (obj) => this.enqueue(obj),
      onUpdate: (_old, obj) => this.enqueue(obj),
      onDelete: (obj) => this.enqueue(obj),
    });
  }
}
