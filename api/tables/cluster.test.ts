import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types/meta.js';
import type { Event, Lease, Namespace, Node } from '../types/node.js';
import { defaultTable, tableFor } from './index.js';
import { ago, meta, NOW } from './table-fixtures.js';

function node(extra: Partial<Node> = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { ...meta('node-a', 10 * 86400), namespace: undefined, labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'worker' } },
    spec: {},
    status: {
      conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
      addresses: [{ type: 'Hostname', address: 'node-a' }, { type: 'InternalIP', address: '172.18.0.2' }],
      nodeInfo: { kubeletVersion: 'v0.1.0', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0', containerRuntimeVersion: 'docker://20.10.24' },
    },
    ...extra,
  };
}

test('node columns and cells', () => {
  const table = tableFor('Node');
  assert.deepEqual(table.columns.map((c) => c.name.toUpperCase()), [
    'NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME',
  ]);
  assert.deepEqual(table.row(node(), NOW), [
    'node-a', 'Ready', 'control-plane,worker', '10d', 'v0.1.0', '172.18.0.2', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0', 'docker://20.10.24',
  ]);
});

test('node STATUS: NotReady, Unknown, SchedulingDisabled', () => {
  const table = tableFor('Node');
  const notReady = node();
  notReady.status!.conditions = [{ type: 'Ready', status: 'False' }];
  assert.equal(table.row(notReady, NOW)[1], 'NotReady');
  const unknownCondition = node();
  unknownCondition.status!.conditions = [{ type: 'Ready', status: 'Unknown' }];
  assert.equal(table.row(unknownCondition, NOW)[1], 'NotReady');
  const noCondition = node();
  noCondition.status!.conditions = [];
  assert.equal(table.row(noCondition, NOW)[1], 'Unknown');
  const cordoned = node({ spec: { unschedulable: true } });
  assert.equal(table.row(cordoned, NOW)[1], 'Ready,SchedulingDisabled');
  const bare: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'x' } };
  assert.deepEqual(table.row(bare, NOW), ['x', 'Unknown', '<none>', '<unknown>', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
});

test('namespace columns and cells', () => {
  const ns: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', creationTimestamp: ago(45) }, status: { phase: 'Active' } };
  assert.deepEqual(tableFor('Namespace').columns.map((c) => c.name), ['Name', 'Status', 'Age']);
  assert.deepEqual(tableFor('Namespace').row(ns, NOW), ['shop', 'Active', '45s']);
});

test('event columns and cells, wide ones in kubectl order', () => {
  const table = tableFor('Event');
  assert.deepEqual(table.columns.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase()), ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
  assert.deepEqual(table.columns.map((c) => c.name.toUpperCase()), [
    'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME',
  ]);
  const e: Event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta('web-1.17a', 600),
    involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', fieldPath: 'spec.containers{app}' },
    reason: 'BackOff',
    message: 'Back-off restarting failed container\n',
    type: 'Warning',
    source: { component: 'agent', host: 'node-a' },
    firstTimestamp: ago(600),
    lastTimestamp: ago(20),
    count: 7,
  };
  assert.deepEqual(table.row(e, NOW), [
    '20s', 'Warning', 'BackOff', 'pod/web-1', 'spec.containers{app}', 'agent, node-a', 'Back-off restarting failed container', '10m', '7', 'web-1.17a',
  ]);
  const minimal: Event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta('x', 5),
    involvedObject: { kind: 'Node' },
    eventTime: ago(5),
    reportingComponent: 'scheduler',
  };
  assert.deepEqual(table.row(minimal, NOW), ['5s', '', '', 'node', '', 'scheduler', '', '5s', '1', 'x']);
});

test('lease columns and cells', () => {
  const lease: Lease = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: meta('node-a', 3600),
    spec: { holderIdentity: 'node-a', leaseDurationSeconds: 40 },
  };
  assert.deepEqual(tableFor('Lease').columns.map((c) => c.name), ['Name', 'Holder', 'Age']);
  assert.deepEqual(tableFor('Lease').row(lease, NOW), ['node-a', 'node-a', '60m']);
  assert.deepEqual(tableFor('Lease').row({ ...lease, spec: {} }, NOW)[1], '');
});

test('unknown kinds get NAME and AGE', () => {
  const obj: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: meta('w', 125) };
  assert.equal(tableFor('Widget'), defaultTable);
  assert.deepEqual(tableFor('Widget').row(obj, NOW), ['w', '2m5s']);
});
