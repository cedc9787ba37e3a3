import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Node } from '../api/types/index.js';
import type { NodeMetrics, PodMetrics } from '../api/types/metrics.js';
import { nodeTopTable, podTopTable } from './top-tables.js';

const pod = (namespace: string, name: string, containers: [string, string, string][]): PodMetrics => ({
  apiVersion: 'metrics.k8s.io/v1beta1',
  kind: 'PodMetrics',
  metadata: { namespace, name },
  timestamp: '',
  window: '15s',
  containers: containers.map(([c, cpu, memory]) => ({ name: c, usage: { cpu, memory } })),
});

test('pods: containers summed, millicores rounded up, whole mebibytes', () => {
  const items = [pod('shop', 'web', [['app', '150000000n', '10Mi'], ['side', '1n', '1536Ki']]), pod('shop', 'api', [['app', '0', '0']])];
  assert.equal(podTopTable(items, { allNamespaces: false, containers: false }), 'NAME   CPU(cores)   MEMORY(bytes)   \napi    0m           0Mi             \nweb    151m         11Mi            \n');
  const wide = podTopTable(items, { allNamespaces: true, containers: true });
  assert.match(wide, /^NAMESPACE\s+POD\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
  assert.match(wide, /\nshop\s+web\s+side\s+1m\s+1Mi\s+\n$/);
});

test('nodes: share of allocatable; a node without metrics is <unknown>', () => {
  const node = (name: string): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { allocatable: { cpu: '2', memory: '4Gi' } } }) as Node;
  const metrics: NodeMetrics[] = [{ apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name: 'a' }, timestamp: '', window: '15s', usage: { cpu: '500m', memory: '1Gi' } }];
  const text = nodeTopTable([node('b'), node('a')], metrics);
  assert.match(text.split('\n')[0] ?? '', /^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\s+$/);
  assert.match(text, /\na\s+500m\s+25%\s+1024Mi\s+25%\s+\nb\s+<unknown>\s+<unknown>\s+<unknown>\s+<unknown>\s+\n$/);
});
