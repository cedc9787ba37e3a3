import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isControllerEnabled, parseDuration, parseFlags } from './options.js';

test('defaults as kube-controller-manager', () => {
  const f = parseFlags([]);
  assert.equal(f.healthPort, 10257);
  assert.equal(f.leaderElect, true);
  assert.deepEqual(f.controllers, ['*']);
  assert.equal(f.nodeMonitorGracePeriodMs, 40_000);
  // Kubernetes approves no serving certificate on its own.
  assert.equal(f.approveKubeletServing, false);
});

test('--approve-kubelet-serving is opt-in, alone or with a value', () => {
  assert.equal(parseFlags(['--approve-kubelet-serving']).approveKubeletServing, true);
  assert.equal(parseFlags(['--approve-kubelet-serving=true']).approveKubeletServing, true);
  assert.equal(parseFlags(['--approve-kubelet-serving=false']).approveKubeletServing, false);
});

test('durations and controller lists', () => {
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('500ms'), 500);
  assert.throws(() => parseDuration('5'));
  const f = parseFlags(['--leader-elect=false', '--controllers', '*,-garbagecollector', '--node-monitor-grace-period', '4s']);
  assert.equal(f.leaderElect, false);
  assert.equal(f.nodeMonitorGracePeriodMs, 4_000);
  assert.equal(isControllerEnabled('replicaset', f.controllers), true);
  assert.equal(isControllerEnabled('garbagecollector', f.controllers), false);
  assert.equal(isControllerEnabled('deployment', ['replicaset']), false);
});
