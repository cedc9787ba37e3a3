import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNode, readyConditions } from './node-object.js';

const engine = { NCPU: 2, MemTotal: 4 * 1024 ** 3, OperatingSystem: 'Debian', KernelVersion: '6.1', ServerVersion: '20.10.24', Architecture: 'x86_64' };

test('a node carries labels, capacity from docker info and a Ready condition', () => {
  const node = buildNode({ name: 'n1', hostname: 'host', internalIP: '10.0.0.2', engine, overrides: { pods: '30' }, streamingPort: 10250 }, '2026-01-01T00:00:00Z');
  assert.equal(node.metadata.labels?.['kubernetes.io/hostname'], 'n1');
  assert.equal(node.metadata.labels?.['kubernetes.io/arch'], 'amd64');
  assert.deepEqual(node.status?.capacity, { cpu: '2', memory: '4194304Ki', pods: '30' });
  assert.deepEqual(node.status?.allocatable, node.status?.capacity);
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  assert.equal(ready?.status, 'True');
  assert.equal(ready?.reason, 'KubeletReady');
  assert.equal(ready?.lastHeartbeatTime, '2026-01-01T00:00:00Z');
  assert.deepEqual(node.status?.addresses?.[0], { type: 'InternalIP', address: '10.0.0.2' });
});

test('heartbeats keep the transition time of an unchanged condition', () => {
  const first = readyConditions('t1', undefined);
  const second = readyConditions('t2', first);
  const ready = second.find((c) => c.type === 'Ready');
  assert.equal(ready?.lastTransitionTime, 't1');
  assert.equal(ready?.lastHeartbeatTime, 't2');
});

test('a runtime that does not answer makes the node NotReady', () => {
  const ready = readyConditions('t', undefined, { ok: false, message: 'connect ENOENT /var/run/docker.sock' }).find((c) => c.type === 'Ready');
  assert.equal(ready?.status, 'False');
  assert.equal(ready?.reason, 'KubeletNotReady');
  assert.match(ready?.message ?? '', /container runtime is down: connect ENOENT/);
});

test('a node publishes its pod network subnet as spec.podCIDR and podCIDRs, and nothing without one', () => {
  const input = { name: 'n1', hostname: 'host', internalIP: '10.0.0.2', engine, overrides: {}, streamingPort: 10250 };
  assert.deepEqual(buildNode({ ...input, podCIDR: '172.18.0.0/16' }, '2026-01-01T00:00:00Z').spec, { podCIDR: '172.18.0.0/16', podCIDRs: ['172.18.0.0/16'] });
  assert.deepEqual(buildNode(input, '2026-01-01T00:00:00Z').spec, {});
});
