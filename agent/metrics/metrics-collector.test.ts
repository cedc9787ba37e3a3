import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { silentLogger } from '../../client/silent-logger.js';
import { dockerLayout, readContainerUsage, type CgroupUsage } from './cgroup-files.js';
import { MetricsCollector, type RunningContainer, type UsageSources } from './metrics-collector.js';
import { parseMemInfoWorkingSet, parseProcStatCpu } from './node-usage.js';
import { resourceMetricsText } from './resource-metrics-text.js';

const SECOND_NS = 1e9;

function container(id: string, pod: string, name: string, kind: 'app' | 'sandbox' = 'app'): RunningContainer {
  return { id, identity: { podUid: `uid-${pod}`, podNamespace: 'default', podName: pod, containerName: name, kind, restartCount: 0 }, startTime: '2024-01-01T00:00:00.000Z' };
}

class FakeSources implements UsageSources {
  nowMs = 1_000_000;
  containers: RunningContainer[] = [];
  usage = new Map<string, CgroupUsage>();
  node: CgroupUsage = { cpuUsageNanoSeconds: 0, memoryWorkingSetBytes: 1 << 30 };
  runningContainers = async (): Promise<RunningContainer[]> => this.containers;
  containerUsage = async (id: string): Promise<CgroupUsage | undefined> => this.usage.get(id);
  nodeUsage = async (): Promise<CgroupUsage> => this.node;
  now = (): number => this.nowMs;
}

describe('MetricsCollector', () => {
  it('reports a rate only from the second sample, over the time between samples', async () => {
    const src = new FakeSources();
    src.containers = [container('s1', 'busy', 'POD', 'sandbox'), container('c1', 'busy', 'burner')];
    src.usage.set('s1', { cpuUsageNanoSeconds: 0, memoryWorkingSetBytes: 100 });
    src.usage.set('c1', { cpuUsageNanoSeconds: 5 * SECOND_NS, memoryWorkingSetBytes: 2048 });
    const collector = new MetricsCollector('n1', src, silentLogger());
    const first = await collector.collect();
    assert.equal(first.pods[0]?.containers[0]?.cpu.usageNanoCores, undefined);
    src.nowMs += 10_000;
    src.usage.set('c1', { cpuUsageNanoSeconds: 7 * SECOND_NS, memoryWorkingSetBytes: 4096 });
    src.node = { cpuUsageNanoSeconds: 4 * SECOND_NS, memoryWorkingSetBytes: 1 << 30 };
    const second = await collector.collect();
    const pod = second.pods[0];
    assert.equal(pod?.containers.length, 1, 'the sandbox is not a container of the pod');
    assert.equal(pod?.containers[0]?.cpu.usageNanoCores, 200_000_000);
    assert.equal(pod?.containers[0]?.cpu.windowSeconds, 10);
    assert.equal(pod?.memory.workingSetBytes, 4196, 'the pod counts its sandbox');
    assert.equal(second.node.cpu.usageNanoCores, 400_000_000);
  });

  it('gives no rate when a counter went back (a restarted container)', async () => {
    const src = new FakeSources();
    src.containers = [container('c1', 'p', 'a')];
    src.usage.set('c1', { cpuUsageNanoSeconds: 9 * SECOND_NS, memoryWorkingSetBytes: 1 });
    const collector = new MetricsCollector('n1', src, silentLogger());
    await collector.collect();
    src.nowMs += 5000;
    src.usage.set('c1', { cpuUsageNanoSeconds: SECOND_NS, memoryWorkingSetBytes: 1 });
    const s = await collector.collect();
    assert.equal(s.pods[0]?.containers[0]?.cpu.usageNanoCores, undefined);
  });

  it('prints the kubelet resource metrics', async () => {
    const src = new FakeSources();
    src.containers = [container('c1', 'web', 'nginx')];
    src.usage.set('c1', { cpuUsageNanoSeconds: 1.5 * SECOND_NS, memoryWorkingSetBytes: 777 });
    const text = resourceMetricsText(await new MetricsCollector('n1', src, silentLogger()).collect());
    assert.match(text, /^container_cpu_usage_seconds_total\{container="nginx",namespace="default",pod="web"\} 1\.5 1000000$/m);
    assert.match(text, /^container_memory_working_set_bytes\{container="nginx",namespace="default",pod="web"\} 777 /m);
    assert.match(text, /^pod_cpu_usage_seconds_total\{namespace="default",pod="web"\} 1\.5 /m);
    assert.match(text, /^node_cpu_usage_seconds_total 0 /m);
    assert.match(text, /^# TYPE node_memory_working_set_bytes gauge$/m);
  });
});

describe('cgroup and /proc files', () => {
  it('reads a v1 container (cpuacct, memory less total_inactive_file)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'cgroup-'));
    try {
      await mkdir(join(root, 'cpuacct/docker/abc'), { recursive: true });
      await mkdir(join(root, 'memory/docker/abc'), { recursive: true });
      await writeFile(join(root, 'cpuacct/docker/abc/cpuacct.usage'), '12345\n');
      await writeFile(join(root, 'memory/docker/abc/memory.usage_in_bytes'), '10000\n');
      await writeFile(join(root, 'memory/docker/abc/memory.stat'), 'cache 5\ninactive_file 100\ntotal_inactive_file 4000\n');
      assert.deepEqual(await readContainerUsage(dockerLayout(1), 'abc', root), { cpuUsageNanoSeconds: 12345, memoryWorkingSetBytes: 6000 });
      assert.equal(await readContainerUsage(dockerLayout(1), 'gone', root), undefined);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('reads a v2 container under the systemd driver (usage_usec, memory.current)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'cgroup-'));
    try {
      const dir = join(root, 'system.slice/docker-abc.scope');
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'cpu.stat'), 'usage_usec 250\nuser_usec 200\n');
      await writeFile(join(dir, 'memory.current'), '9000\n');
      await writeFile(join(dir, 'memory.stat'), 'anon 1\ninactive_file 1000\n');
      assert.deepEqual(await readContainerUsage(dockerLayout(2), 'abc', root), { cpuUsageNanoSeconds: 250_000, memoryWorkingSetBytes: 8000 });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('counts busy node time from /proc/stat and memory from /proc/meminfo', () => {
    assert.equal(parseProcStatCpu('cpu  100 0 100 5000 300 0 0 0 0 0\ncpu0 1 1 1 1\n'), 2 * SECOND_NS);
    assert.equal(parseMemInfoWorkingSet('MemTotal:  1000 kB\nMemFree: 10 kB\nMemAvailable:   400 kB\n'), 600 * 1024);
  });
});
