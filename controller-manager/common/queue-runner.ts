// Runs a controller's work queue until leadership or the process ends.
import type { Logger } from '../../client/logger.js';
import { runWorkers, type Reconcile } from '../../client/run-workers.js';
import type { WorkQueue } from '../../client/work-queue.js';

export async function runQueue(queue: WorkQueue, workers: number, reconcile: Reconcile, signal: AbortSignal, logger: Logger): Promise<void> {
  if (signal.aborted) return;
  const stop = (): void => queue.shutDown();
  signal.addEventListener('abort', stop, { once: true });
  try {
    await runWorkers(queue, workers, reconcile, logger);
  } finally {
    signal.removeEventListener('abort', stop);
  }
}
