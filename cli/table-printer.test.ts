import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource } from '../api/resources.js';
import type { Deployment } from '../api/types/apps.js';
import type { Node } from '../api/types/node.js';
import type { Pod } from '../api/types/pod.js';
import { columnWidths, DEFAULT_TABLE_OPTIONS, renderRowWithWidths, renderTable, tableHeader, tableRow } from './table-printer.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const opts = { ...DEFAULT_TABLE_OPTIONS, now: NOW };
const podInfo = findResource('pods')!;
const deployInfo = findResource('deployments')!;

function pod(name: string, namespace: string, labels?: Record<string, string>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels, creationTimestamp: '2026-03-01T11:59:15Z' },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
    status: { phase: 'Pending' },
  };
}

test('a pod table as kubectl prints it', () => {
  assert.equal(
    renderTable(podInfo, [pod('web-1', 'default'), pod('a', 'default')], opts),
    'NAME    READY   STATUS    RESTARTS   AGE\n' +
    'web-1   0/1     Pending   0          45s\n' +
    'a       0/1     Pending   0          45s\n',
  );
});

test('-A adds NAMESPACE first, --show-labels adds LABELS last, --no-headers drops the header', () => {
  const text = renderTable(podInfo, [pod('web-1', 'shop', { b: '2', a: '1' }), pod('x', 'default')], { ...opts, withNamespace: true, showLabels: true });
  assert.equal(
    text,
    'NAMESPACE   NAME    READY   STATUS    RESTARTS   AGE   LABELS\n' +
    'shop        web-1   0/1     Pending   0          45s   a=1,b=2\n' +
    'default     x       0/1     Pending   0          45s   <none>\n',
  );
  assert.equal(renderTable(podInfo, [pod('x', 'default')], { ...opts, noHeaders: true }), 'x     0/1   Pending   0     45s\n');
});

test('-o wide includes priority 1 columns; kind/name when several kinds print', () => {
  assert.deepEqual(tableHeader(podInfo, { ...opts, wide: true }), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
  const d: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: '2026-03-01T11:00:00Z' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
  };
  assert.deepEqual(tableRow(deployInfo, d, { ...opts, withKind: true }), ['deployment.apps/web', '0/2', '0', '0', '60m']);
});

test('cluster-scoped kinds get no NAMESPACE column even with -A; -L adds label columns', () => {
  const nodeInfo = findResource('nodes')!;
  const node: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { 'topology.kubernetes.io/zone': 'z1' } } };
  assert.deepEqual(tableHeader(nodeInfo, { ...opts, withNamespace: true, labelColumns: ['topology.kubernetes.io/zone'] }), ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'ZONE']);
  assert.deepEqual(tableRow(nodeInfo, node, { ...opts, withNamespace: true, labelColumns: ['topology.kubernetes.io/zone'] }).at(-1), 'z1');
});

test('cells keep only their first line', () => {
  const p = pod('x', 'default');
  p.status = { phase: 'Pending', reason: 'Two\nlines' };
  assert.equal(tableRow(podInfo, p, opts)[2], 'Two');
});

test('watch rows keep the widths of the first table', () => {
  const widths = columnWidths([['NAME', 'READY', 'STATUS'], ['web-1', '1/1', 'Running']]);
  assert.deepEqual(widths, [8, 8]);
  assert.equal(renderRowWithWidths(['x', '0/1', 'Pending'], widths), 'x       0/1     Pending\n');
  assert.equal(renderRowWithWidths(['a-much-longer-name', '0/1', 'Pending'], widths), 'a-much-longer-name   0/1     Pending\n');
});
