// Prometheus figures for work queues, named as client-go's: depth, adds, retries,
// one series per queue name.
import { Counter, Gauge, type Registry } from 'prom-client';

export interface WorkQueueMetrics {
  add(): void;
  retry(): void;
  depth(n: number): void;
}

interface QueueCollectors {
  depth: Gauge<'name'>;
  adds: Counter<'name'>;
  retries: Counter<'name'>;
}

// prom-client refuses a metric name twice in one registry, so every queue in a
// process shares one set of collectors and differs by label.
const collectorsByRegistry = new WeakMap<Registry, QueueCollectors>();

function collectorsFor(registry: Registry): QueueCollectors {
  let collectors = collectorsByRegistry.get(registry);
  if (!collectors) {
    collectors = {
      depth: new Gauge({ name: 'workqueue_depth', help: 'Current depth of the work queue', labelNames: ['name'], registers: [registry] }),
      adds: new Counter({ name: 'workqueue_adds_total', help: 'Keys added to the work queue', labelNames: ['name'], registers: [registry] }),
      retries: new Counter({ name: 'workqueue_retries_total', help: 'Rate-limited re-adds to the work queue', labelNames: ['name'], registers: [registry] }),
    };
    collectorsByRegistry.set(registry, collectors);
  }
  return collectors;
}

export function prometheusWorkQueueMetrics(registry: Registry, name: string): WorkQueueMetrics {
  const c = collectorsFor(registry);
  return {
    add: () => c.adds.inc({ name }),
    retry: () => c.retries.inc({ name }),
    depth: (n) => c.depth.set({ name }, n),
  };
}
