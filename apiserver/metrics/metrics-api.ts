// NodeMetrics and PodMetrics, computed on request: the objects come from the
// registry (so label selectors and namespaces mean what they mean for nodes
// and pods), the usage from the agents' newest samples. A node or pod the
// agents have no rate for yet is left out of lists and NotFound on get, as
// metrics-server answers.
import { notFound } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { MetricsList, Node, NodeMetrics, Pod, PodMetrics } from '../../api/types/index.js';
import type { PodStats, Summary } from '../../api/types/stats-summary.js';
import type { Registry } from '../registry/registry.js';
import { METRICS_API_VERSION, METRICS_GROUP } from './metrics-resources.js';
import type { SummaryScraper } from './summary-scraper.js';
import { formatWindow, usageOf } from './usage-format.js';

export type MetricsRegistry = Pick<Registry, 'get' | 'list'>;

export class MetricsApi {
  constructor(
    private readonly registry: MetricsRegistry,
    private readonly scraper: Pick<SummaryScraper, 'scrape'>,
    private readonly now: () => number = Date.now,
  ) {}

  async listNodeMetrics(labelSelector = ''): Promise<MetricsList<NodeMetrics>> {
    const nodes = (await this.registry.list(resources.nodes, '', labelSelector)).items as Node[];
    const items = await Promise.all(nodes.map(async (node) => this.nodeMetrics(node, await this.scraper.scrape(node))));
    return { apiVersion: METRICS_API_VERSION, kind: 'NodeMetricsList', metadata: {}, items: items.filter((m): m is NodeMetrics => m !== undefined) };
  }

  async getNodeMetrics(name: string): Promise<NodeMetrics> {
    const node = (await this.registry.get(resources.nodes, '', name)) as Node;
    const metrics = this.nodeMetrics(node, await this.scraper.scrape(node));
    if (!metrics) throw notFound('nodemetrics', name, METRICS_GROUP);
    return metrics;
  }

  /** `namespace` "" lists every namespace. */
  async listPodMetrics(namespace: string, labelSelector = '', fieldSelector = ''): Promise<MetricsList<PodMetrics>> {
    const pods = (await this.registry.list(resources.pods, namespace, labelSelector, fieldSelector)).items as Pod[];
    return { apiVersion: METRICS_API_VERSION, kind: 'PodMetricsList', metadata: {}, items: await this.podMetricsOf(pods) };
  }

  async getPodMetrics(namespace: string, name: string): Promise<PodMetrics> {
    const pod = (await this.registry.get(resources.pods, namespace, name)) as Pod;
    const [metrics] = await this.podMetricsOf([pod]);
    if (!metrics) throw notFound('podmetrics', `${namespace}/${name}`, METRICS_GROUP);
    return metrics;
  }

  private nodeMetrics(node: Node, summary: Summary | undefined): NodeMetrics | undefined {
    const usage = usageOf(summary?.node.cpu, summary?.node.memory);
    if (!summary || !usage) return undefined;
    return {
      apiVersion: METRICS_API_VERSION,
      kind: 'NodeMetrics',
      metadata: { name: node.metadata.name, creationTimestamp: new Date(this.now()).toISOString(), labels: node.metadata.labels ?? {} },
      timestamp: summary.node.cpu.time,
      window: formatWindow(summary.node.cpu.windowSeconds ?? 0),
      usage,
    };
  }

  /** The running pods' metrics, scraping each node they run on once. */
  private async podMetricsOf(pods: readonly Pod[]): Promise<PodMetrics[]> {
    const byNode = new Map<string, Pod[]>();
    for (const pod of pods) {
      const node = pod.spec?.nodeName;
      if (!node || pod.status?.phase !== 'Running') continue;
      byNode.set(node, [...(byNode.get(node) ?? []), pod]);
    }
    const out: PodMetrics[] = [];
    for (const [nodeName, onNode] of byNode) {
      const node = await this.registry.get(resources.nodes, '', nodeName).catch(() => undefined);
      const summary = node ? await this.scraper.scrape(node as Node) : undefined;
      if (!summary) continue;
      const stats = new Map(summary.pods.map((p) => [p.podRef.uid, p]));
      for (const pod of onNode) {
        const found = stats.get(pod.metadata.uid ?? '');
        const metrics = found && this.podMetrics(pod, found);
        if (metrics) out.push(metrics);
      }
    }
    return out.sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
  }

  /** Undefined unless every container has a rate: a partial pod would understate its usage. */
  private podMetrics(pod: Pod, stats: PodStats): PodMetrics | undefined {
    const containers = [];
    for (const c of stats.containers) {
      const usage = usageOf(c.cpu, c.memory);
      if (!usage) return undefined;
      containers.push({ name: c.name, usage });
    }
    if (containers.length === 0) return undefined;
    const first = stats.containers[0];
    return {
      apiVersion: METRICS_API_VERSION,
      kind: 'PodMetrics',
      metadata: {
        name: pod.metadata.name,
        namespace: pod.metadata.namespace,
        creationTimestamp: new Date(this.now()).toISOString(),
        labels: pod.metadata.labels ?? {},
      },
      timestamp: first?.cpu.time ?? stats.cpu.time,
      window: formatWindow(first?.cpu.windowSeconds ?? 0),
      containers,
    };
  }
}
