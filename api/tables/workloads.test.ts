import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../types/apps.js';
import type { PodTemplateSpec } from '../types/pod.js';
import { tableFor } from './index.js';
import { meta, NOW } from './table-fixtures.js';

const template: PodTemplateSpec = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'nginx', image: 'flotilla/nginx:1.22' }, { name: 'log', image: 'busybox' }] },
};

function headers(kind: string, wide: boolean): string[] {
  return tableFor(kind)
    .columns.filter((c) => wide || c.priority === 0)
    .map((c) => c.name.toUpperCase());
}

test('deployment columns and cells', () => {
  assert.deepEqual(headers('Deployment', false), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
  assert.deepEqual(headers('Deployment', true), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
  const d: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('web', 3 * 3600 + 5 * 60),
    spec: {
      replicas: 3,
      selector: { matchLabels: { tier: 'front', app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] },
      template,
    },
    status: { replicas: 3, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1 },
  };
  assert.deepEqual(tableFor('Deployment').row(d, NOW), [
    'web', '1/3', '2', '1', '3h5m', 'nginx,log', 'flotilla/nginx:1.22,busybox', 'app=web,env in (dev,prod),tier=front',
  ]);
});

test('a new deployment without status shows zeros', () => {
  const d: Deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('new', 5), spec: { replicas: 2, selector: { matchLabels: { app: 'x' } }, template } };
  assert.deepEqual(tableFor('Deployment').row(d, NOW).slice(0, 5), ['new', '0/2', '0', '0', '5s']);
});

test('replicaset columns and cells', () => {
  assert.deepEqual(headers('ReplicaSet', true), ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta('web-5d9c7b', 150),
    spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d9c7b' } }, template },
    status: { replicas: 3, readyReplicas: 2 },
  };
  assert.deepEqual(tableFor('ReplicaSet').row(rs, NOW), [
    'web-5d9c7b', '3', '3', '2', '2m30s', 'nginx,log', 'flotilla/nginx:1.22,busybox', 'app=web,pod-template-hash=5d9c7b',
  ]);
});

test('daemonset columns and cells, node selector formatted like labels', () => {
  assert.deepEqual(headers('DaemonSet', false), ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE']);
  assert.deepEqual(headers('DaemonSet', true).slice(8), ['CONTAINERS', 'IMAGES', 'SELECTOR']);
  const ds: DaemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta('agent', 2 * 86400 + 3 * 3600),
    spec: {
      selector: { matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }, { key: 'app', operator: 'Exists' }] },
      template: { ...template, spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux', disk: 'ssd' } } },
    },
    status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2, numberMisscheduled: 0 },
  };
  assert.deepEqual(tableFor('DaemonSet').row(ds, NOW), [
    'agent', '3', '3', '2', '3', '2', 'disk=ssd,kubernetes.io/os=linux', '2d3h', 'nginx,log', 'flotilla/nginx:1.22,busybox', 'app,!canary',
  ]);
  const bare: DaemonSet = { ...ds, spec: { selector: {}, template }, status: undefined };
  assert.deepEqual(tableFor('DaemonSet').row(bare, NOW).slice(1, 7), ['0', '0', '0', '0', '0', '<none>']);
});

test('statefulset columns and cells', () => {
  assert.deepEqual(headers('StatefulSet', true), ['NAME', 'READY', 'AGE', 'CONTAINERS', 'IMAGES']);
  const sts: StatefulSet = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta('db', 30 * 86400),
    spec: { replicas: 3, selector: { matchLabels: { app: 'db' } }, template },
    status: { replicas: 3, readyReplicas: 3 },
  };
  assert.deepEqual(tableFor('StatefulSet').row(sts, NOW), ['db', '3/3', '30d', 'nginx,log', 'flotilla/nginx:1.22,busybox']);
});
