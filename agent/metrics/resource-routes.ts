// The kubelet's resource endpoints on the agent's health port: the summary
// as JSON and the resource metrics in Prometheus text.
import type { ExtraRoute } from '../../client/health-server.js';
import type { MetricsCollector } from './metrics-collector.js';
import { resourceMetricsText } from './resource-metrics-text.js';

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

export function resourceMetricsRoutes(collector: MetricsCollector): Record<string, ExtraRoute> {
  return {
    '/stats/summary': () => {
      const summary = collector.summary();
      return summary && { contentType: 'application/json', body: JSON.stringify(summary) };
    },
    '/metrics/resource': () => {
      const summary = collector.summary();
      return summary && { contentType: PROMETHEUS_TEXT, body: resourceMetricsText(summary) };
    },
  };
}
