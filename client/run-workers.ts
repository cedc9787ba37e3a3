// The controller worker loop: take a key, reconcile it, forget its failures on
// success, retry it with backoff on error, always mark it done.
import type { Logger } from 'pino';
import { silentLogger } from './silent-logger.js';
import type { WorkQueue } from './work-queue.js';

export type Reconcile = (key: string) => Promise<void>;

/** Runs `count` workers until the queue shuts down; resolves when all have exited. */
export async function runWorkers(queue: WorkQueue, count: number, reconcile: Reconcile, logger?: Logger): Promise<void> {
  const log = logger ?? silentLogger();
  const workers: Promise<void>[] = [];
  for (let i = 0; i < Math.max(1, count); i++) workers.push(worker(queue, reconcile, log));
  await Promise.all(workers);
}

async function worker(queue: WorkQueue, reconcile: Reconcile, log: Logger): Promise<void> {
  for (;;) {
    const key = await queue.get();
    if (key === undefined) return;
    try {
      await reconcile(key);
      queue.forget(key);
    } catch (err) {
      log.error({ err, key, queue: queue.name, requeues: queue.numRequeues(key) }, 'reconcile failed; retrying with backoff');
      queue.addRateLimited(key);
    } finally {
      queue.done(key);
    }
  }
}
