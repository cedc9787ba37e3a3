import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerStatus, Pod, PodStatus } from '../types/pod.js';
import { podTable } from './pod.js';
import { tableFor } from './index.js';
import { ago, meta, NOW } from './table-fixtures.js';

function pod(status: PodStatus, extra: Partial<Pod> = {}, containers = ['app']): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta('web-1', 300),
    spec: { containers: containers.map((name) => ({ name, image: 'nginx' })) },
    status,
    ...extra,
  };
}

function cs(name: string, state: ContainerStatus['state'], extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, state, ready: false, restartCount: 0, image: 'nginx', imageID: '', ...extra };
}

function row(p: Pod): string[] {
  return podTable.row(p, NOW);
}

const running = { running: { startedAt: ago(200) } };

test('columns as kubectl names them, wide ones priority 1', () => {
  assert.deepEqual(
    podTable.columns.map((c) => `${c.name}:${c.priority}`),
    ['Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1'],
  );
  assert.equal(tableFor('Pod'), podTable);
});

test('a fresh pod is Pending with no containers ready', () => {
  assert.deepEqual(row(pod({ phase: 'Pending' })), ['web-1', '0/1', 'Pending', '0', '5m', '<none>', '<none>', '<none>', '<none>']);
});

test('ContainerCreating and image pull problems come from the waiting reason', () => {
  assert.equal(row(pod({ phase: 'Pending', containerStatuses: [cs('app', { waiting: { reason: 'ContainerCreating' } })] }))[2], 'ContainerCreating');
  assert.equal(row(pod({ phase: 'Pending', containerStatuses: [cs('app', { waiting: { reason: 'ImagePullBackOff' } })] }))[2], 'ImagePullBackOff');
  assert.equal(row(pod({ phase: 'Pending', containerStatuses: [cs('app', { waiting: { reason: 'ErrImagePull' } })] }))[2], 'ErrImagePull');
});

test('Running with ready containers, IP and node in wide columns', () => {
  const p = pod(
    {
      phase: 'Running',
      podIP: '10.0.0.7',
      podIPs: [{ ip: '10.0.0.7' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [cs('app', running, { ready: true }), cs('side', running, { ready: false })],
    },
    {},
    ['app', 'side'],
  );
  p.spec.nodeName = 'node-a';
  assert.deepEqual(row(p), ['web-1', '1/2', 'Running', '0', '5m', '10.0.0.7', 'node-a', '<none>', '<none>']);
});

test('CrashLoopBackOff with restarts and the age of the last restart', () => {
  const p = pod({
    phase: 'Running',
    containerStatuses: [
      cs('app', { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } }, {
        restartCount: 3,
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(10) } },
      }),
    ],
  });
  const cells = row(p);
  assert.equal(cells[2], 'CrashLoopBackOff');
  assert.equal(cells[3], '3 (10s ago)');
});

test('restarts without a known last termination print just the count', () => {
  const p = pod({ phase: 'Running', containerStatuses: [cs('app', running, { ready: true, restartCount: 2 })] });
  assert.equal(row(p)[3], '2');
});

test('Completed and Error from terminated containers', () => {
  assert.equal(row(pod({ phase: 'Succeeded', containerStatuses: [cs('app', { terminated: { exitCode: 0, reason: 'Completed' } })] }))[2], 'Completed');
  assert.equal(row(pod({ phase: 'Failed', containerStatuses: [cs('app', { terminated: { exitCode: 2, reason: 'Error' } })] }))[2], 'Error');
  assert.equal(row(pod({ phase: 'Failed', containerStatuses: [cs('app', { terminated: { exitCode: 137 } })] }))[2], 'ExitCode:137');
  assert.equal(row(pod({ phase: 'Failed', containerStatuses: [cs('app', { terminated: { exitCode: 0, signal: 9 } })] }))[2], 'Signal:9');
});

test('the first container decides when several disagree', () => {
  const p = pod(
    {
      phase: 'Running',
      containerStatuses: [cs('a', { waiting: { reason: 'CrashLoopBackOff' } }), cs('b', { waiting: { reason: 'ContainerCreating' } })],
    },
    {},
    ['a', 'b'],
  );
  assert.equal(row(p)[2], 'CrashLoopBackOff');
});

test('one completed container with another still running is Running or NotReady', () => {
  const statuses = [cs('a', running, { ready: true }), cs('b', { terminated: { exitCode: 0, reason: 'Completed' } })];
  const ready = pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: statuses }, {}, ['a', 'b']);
  assert.equal(row(ready)[2], 'Running');
  const notReady = pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: statuses }, {}, ['a', 'b']);
  assert.equal(row(notReady)[2], 'NotReady');
});

test('init containers: Init:N/M, Init:Error, Init:CrashLoopBackOff, then PodInitializing', () => {
  const spec = { initContainers: [{ name: 'i1', image: 'busybox' }, { name: 'i2', image: 'busybox' }], containers: [{ name: 'app', image: 'nginx' }] };
  const withInit = (status: PodStatus): Pod => ({ ...pod(status), spec });
  const done = cs('i1', { terminated: { exitCode: 0, reason: 'Completed' } });

  assert.equal(row(withInit({ phase: 'Pending', initContainerStatuses: [cs('i1', running), cs('i2', { waiting: { reason: 'PodInitializing' } })] }))[2], 'Init:0/2');
  assert.equal(row(withInit({ phase: 'Pending', initContainerStatuses: [done, cs('i2', running)] }))[2], 'Init:1/2');
  assert.equal(row(withInit({ phase: 'Pending', initContainerStatuses: [cs('i1', { terminated: { exitCode: 1, reason: 'Error' } })] }))[2], 'Init:Error');
  assert.equal(row(withInit({ phase: 'Pending', initContainerStatuses: [cs('i1', { terminated: { exitCode: 3 } })] }))[2], 'Init:ExitCode:3');
  assert.equal(row(withInit({ phase: 'Pending', initContainerStatuses: [cs('i1', { waiting: { reason: 'CrashLoopBackOff' } }, { restartCount: 4 })] }))[2], 'Init:CrashLoopBackOff');
  const initRestarts = row(withInit({ phase: 'Pending', initContainerStatuses: [cs('i1', { waiting: { reason: 'CrashLoopBackOff' } }, { restartCount: 4 })] }))[3];
  assert.equal(initRestarts, '4');

  const initialized = withInit({
    phase: 'Pending',
    initContainerStatuses: [done, cs('i2', { terminated: { exitCode: 0, reason: 'Completed' } })],
    containerStatuses: [cs('app', { waiting: { reason: 'PodInitializing' } })],
  });
  assert.equal(row(initialized)[2], 'PodInitializing');
});

test('a restartable init container (sidecar) counts towards READY', () => {
  const p: Pod = {
    ...pod({
      phase: 'Running',
      conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }],
      initContainerStatuses: [cs('proxy', running, { ready: true, started: true, restartCount: 1 })],
      containerStatuses: [cs('app', running, { ready: true })],
    }),
    spec: { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }], containers: [{ name: 'app', image: 'nginx' }] },
  };
  const cells = row(p);
  assert.equal(cells[1], '2/2');
  assert.equal(cells[2], 'Running');
  assert.equal(cells[3], '1');
});

test('Terminating while deleting, Unknown when the node is lost, terminal pods keep their status', () => {
  const deleting = pod({ phase: 'Running', containerStatuses: [cs('app', running, { ready: true })] });
  deleting.metadata.deletionTimestamp = ago(-30);
  assert.equal(row(deleting)[2], 'Terminating');

  const lost = pod({ phase: 'Running', reason: 'NodeLost' });
  lost.metadata.deletionTimestamp = ago(0);
  assert.equal(row(lost)[2], 'Unknown');

  const done = pod({ phase: 'Succeeded', containerStatuses: [cs('app', { terminated: { exitCode: 0, reason: 'Completed' } })] });
  done.metadata.deletionTimestamp = ago(0);
  assert.equal(row(done)[2], 'Completed');
});

test('status.reason wins over the phase (Evicted) and SchedulingGated over both', () => {
  assert.equal(row(pod({ phase: 'Failed', reason: 'Evicted' }))[2], 'Evicted');
  assert.equal(row(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }))[2], 'SchedulingGated');
});

test('readiness gates count satisfied conditions', () => {
  const p = pod({ phase: 'Running', conditions: [{ type: 'example.com/lb', status: 'True' }] });
  p.spec.readinessGates = [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/other' }];
  assert.equal(row(p)[8], '1/2');
});

test('a pod without status or creation time still renders', () => {
  const p: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare' }, spec: { containers: [{ name: 'a' }] } };
  assert.deepEqual(row(p).slice(0, 5), ['bare', '0/1', '', '0', '<unknown>']);
});
