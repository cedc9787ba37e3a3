// Samples every running pod container of this node and the node itself
// every interval, and keeps the newest summary for /stats/summary,
// /metrics/resource and the apiserver's Summary call. One Docker list per
// interval names the containers; their usage comes from cgroup files.
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { containerIdentity, LABEL_NODE, type ContainerIdentity } from '../labels.js';
import { detectCgroupVersion, dockerLayout, readContainerUsage, type CgroupLayout, type CgroupUsage } from './cgroup-files.js';
import { readNodeUsage } from './node-usage.js';
import type { Clock } from '../clock.js';
import type { ContainerStats, PodStats, Summary } from '../../api/types/stats-summary.js';
import { cpuStats, memoryStats, sumSamples, type UsageSample } from './usage-sample.js';

const MS_PER_SECOND = 1000;

export interface RunningContainer {
  id: string;
  identity: ContainerIdentity;
  startTime: string;
}

/** Where the collector reads from; injected so tests need neither Docker nor /sys. */
export interface UsageSources {
  runningContainers(): Promise<RunningContainer[]>;
  containerUsage(id: string): Promise<CgroupUsage | undefined>;
  nodeUsage(): Promise<CgroupUsage>;
  now(): number;
}

export function dockerUsageSources(docker: Docker, node: string, layout: CgroupLayout, clock: Clock): UsageSources {
  return {
    async runningContainers() {
      const list = await docker.listContainers({ filters: { label: [`${LABEL_NODE}=${node}`], status: ['running'] } });
      const out: RunningContainer[] = [];
      for (const c of list) {
        // A claimed pool sandbox counts for its pod, which only its name gives.
        const identity = containerIdentity(c.Labels, c.Names?.[0] ?? '');
        if (identity) out.push({ id: c.Id, identity, startTime: new Date(c.Created * MS_PER_SECOND).toISOString() });
      }
      return out;
    },
    containerUsage: (id) => readContainerUsage(layout, id),
    nodeUsage: readNodeUsage,
    now: () => clock.now(),
  };
}

export async function hostUsageSources(docker: Docker, node: string, clock: Clock): Promise<UsageSources> {
  return dockerUsageSources(docker, node, dockerLayout(await detectCgroupVersion()), clock);
}

export class MetricsCollector {
  private previous = new Map<string, UsageSample>();
  private latest: Summary | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private busy = false;

  constructor(
    private readonly node: string,
    private readonly sources: UsageSources,
    private readonly logger: Logger,
  ) {}

  /** The newest summary; undefined before the first collection. */
  summary(): Summary | undefined {
    return this.latest;
  }

  start(intervalMs: number): void {
    const tick = (): void => {
      // A slow collection is never overlapped: the next tick waits for its turn.
      if (this.busy) return;
      this.busy = true;
      this.running = this.collect().then(
        () => undefined,
        (err: unknown) => this.logger.warn({ err }, 'metrics collection failed'),
      ).finally(() => {
        this.busy = false;
      });
    };
    tick();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One collection: samples everything and replaces the summary. */
  async collect(): Promise<Summary> {
    const containers = await this.sources.runningContainers();
    const atMs = this.sources.now();
    const next = new Map<string, UsageSample>();
    const nodeSample = { ...(await this.sources.nodeUsage()), atMs };
    next.set('node', nodeSample);
    const byPod = new Map<string, { ref: ContainerIdentity; start: string; samples: UsageSample[]; stats: ContainerStats[] }>();
    for (const c of containers) {
      const usage = await this.sources.containerUsage(c.id);
      if (!usage) continue;
      const current = { ...usage, atMs };
      next.set(c.id, current);
      const pod = byPod.get(c.identity.podUid) ?? { ref: c.identity, start: c.startTime, samples: [], stats: [] };
      byPod.set(c.identity.podUid, pod);
      pod.samples.push(current);
      if (c.startTime < pod.start) pod.start = c.startTime;
      // The sandbox counts toward the pod, as its cgroup does, but is not one of its containers.
      if (c.identity.kind === 'app') {
        pod.stats.push({ name: c.identity.containerName, startTime: c.startTime, cpu: cpuStats(this.previous.get(c.id), current), memory: memoryStats(current) });
      }
    }
    const pods: PodStats[] = [];
    for (const [uid, pod] of byPod) {
      const current = sumSamples(pod.samples, atMs);
      const key = `pod/${uid}/${pod.samples.length}`;
      next.set(key, current);
      pods.push({
        podRef: { name: pod.ref.podName, namespace: pod.ref.podNamespace, uid },
        startTime: pod.start,
        containers: pod.stats.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        cpu: cpuStats(this.previous.get(key), current),
        memory: memoryStats(current),
      });
    }
    const summary: Summary = {
      node: { nodeName: this.node, cpu: cpuStats(this.previous.get('node'), nodeSample), memory: memoryStats(nodeSample) },
      pods,
    };
    this.previous = next;
    this.latest = summary;
    return summary;
  }
}
