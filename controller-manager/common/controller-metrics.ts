// Per-controller sync figures for /metrics: how long syncs take and how many
// fail, one series per controller.
import { Histogram, type Registry } from 'prom-client';
import type { Reconcile } from '../../client/run-workers.js';

/** Sync durations from 1 ms to about 30 s. */
const SYNC_BUCKETS_SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

// prom-client refuses a metric name twice in one registry: one histogram per registry, labelled by controller.
const histograms = new WeakMap<Registry, Histogram<'controller' | 'result'>>();

function histogramFor(registry: Registry): Histogram<'controller' | 'result'> {
  let h = histograms.get(registry);
  if (!h) {
    h = new Histogram({
      name: 'controller_sync_duration_seconds',
      help: 'Time one sync of one key took, by controller and result (success or error)',
      labelNames: ['controller', 'result'],
      buckets: SYNC_BUCKETS_SECONDS,
      registers: [registry],
    });
    histograms.set(registry, h);
  }
  return h;
}

/** `reconcile`, timed into the registry's sync histogram. */
export function timedReconcile(registry: Registry, controller: string, reconcile: Reconcile): Reconcile {
  const h = histogramFor(registry);
  return async (key) => {
    const end = h.startTimer({ controller });
    try {
      await reconcile(key);
      end({ result: 'success' });
    } catch (err) {
      end({ result: 'error' });
      throw err;
    }
  };
}
