// The apiserver's Prometheus metrics, in a registry of its own.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Request latency buckets in seconds: from a cached read to a slow etcd write. */
export const REQUEST_DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface ApiServerMetrics {
  registry: Registry;
  requests: Counter<'verb' | 'resource' | 'code'>;
  duration: Histogram<'verb' | 'resource'>;
  watchers: Gauge<'resource'>;
}

export function createMetrics(): ApiServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: 'apiserver_request_total',
      help: 'API requests by verb, resource and HTTP-equivalent status code.',
      labelNames: ['verb', 'resource', 'code'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'API request latency by verb and resource (watches: time to start).',
      labelNames: ['verb', 'resource'],
      buckets: REQUEST_DURATION_BUCKETS,
      registers: [registry],
    }),
    watchers: new Gauge({
      name: 'apiserver_registered_watchers',
      help: 'Open watches by resource.',
      labelNames: ['resource'],
      registers: [registry],
    }),
  };
}
