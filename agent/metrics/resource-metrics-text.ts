// The kubelet's /metrics/resource in Prometheus text format: cumulative CPU
// seconds and the memory working set of the node, each pod and each
// container, stamped with their sample times as the kubelet does.
import type { Summary } from '../../api/types/stats-summary.js';

const NS_PER_SECOND = 1e9;

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: string[];
}

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

function sample(labels: Record<string, string>, value: number, time: string): string {
  return `${labelText(labels)} ${value} ${Date.parse(time)}`;
}

export function resourceMetricsText(summary: Summary): string {
  const families: Family[] = [
    { name: 'container_cpu_usage_seconds_total', help: '[STABLE] Cumulative cpu time consumed by the container in core-seconds', type: 'counter', samples: [] },
    { name: 'container_memory_working_set_bytes', help: '[STABLE] Current working set of the container in bytes', type: 'gauge', samples: [] },
    { name: 'container_start_time_seconds', help: '[STABLE] Start time of the container since unix epoch in seconds', type: 'gauge', samples: [] },
    { name: 'node_cpu_usage_seconds_total', help: '[STABLE] Cumulative cpu time consumed by the node in core-seconds', type: 'counter', samples: [] },
    { name: 'node_memory_working_set_bytes', help: '[STABLE] Current working set of the node in bytes', type: 'gauge', samples: [] },
    { name: 'pod_cpu_usage_seconds_total', help: '[STABLE] Cumulative cpu time consumed by the pod in core-seconds', type: 'counter', samples: [] },
    { name: 'pod_memory_working_set_bytes', help: '[STABLE] Current working set of the pod in bytes', type: 'gauge', samples: [] },
  ];
  const [containerCpu, containerMemory, containerStart, nodeCpu, nodeMemory, podCpu, podMemory] = families.map((f) => f.samples) as [string[], string[], string[], string[], string[], string[], string[]];
  nodeCpu.push(sample({}, summary.node.cpu.usageCoreNanoSeconds / NS_PER_SECOND, summary.node.cpu.time));
  nodeMemory.push(sample({}, summary.node.memory.workingSetBytes, summary.node.memory.time));
  for (const pod of summary.pods) {
    const podLabels = { namespace: pod.podRef.namespace, pod: pod.podRef.name };
    podCpu.push(sample(podLabels, pod.cpu.usageCoreNanoSeconds / NS_PER_SECOND, pod.cpu.time));
    podMemory.push(sample(podLabels, pod.memory.workingSetBytes, pod.memory.time));
    for (const c of pod.containers) {
      const labels = { container: c.name, ...podLabels };
      containerCpu.push(sample(labels, c.cpu.usageCoreNanoSeconds / NS_PER_SECOND, c.cpu.time));
      containerMemory.push(sample(labels, c.memory.workingSetBytes, c.memory.time));
      containerStart.push(sample(labels, Date.parse(c.startTime) / 1000, c.cpu.time));
    }
  }
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) lines.push(`${f.name}${s}`);
  }
  lines.push('# HELP scrape_error [ALPHA] 1 if there was an error while getting container metrics, 0 otherwise', '# TYPE scrape_error gauge', 'scrape_error 0');
  return `${lines.join('\n')}\n`;
}
