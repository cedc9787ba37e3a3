import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/index.js';
import type { RuntimeContainer } from '../runtime/runtime-types.js';
import { computePodStatus, type ContainerView } from './pod-status.js';

function pod(restartPolicy: 'Always' | 'OnFailure' | 'Never', init = false): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', uid: 'u' },
    spec: {
      restartPolicy,
      containers: [{ name: 'a', image: 'img' }],
      ...(init ? { initContainers: [{ name: 'i', image: 'img' }] } : {}),
    },
  };
}

function instance(over: Partial<RuntimeContainer>): RuntimeContainer {
  return {
    id: 'abc',
    dockerName: 'x',
    podUid: 'u',
    podNamespace: 'default',
    podName: 'p',
    containerName: 'a',
    kind: 'app',
    restartCount: 0,
    image: 'img',
    imageID: 'sha256:1',
    state: 'running',
    exitCode: 0,
    oomKilled: false,
    error: '',
    createdAt: '2026-01-01T00:00:00Z',
    startedAt: '2026-01-01T00:00:01Z',
    addresses: {},
    ...over,
  };
}

function view(over: Partial<ContainerView>): ContainerView {
  return { name: 'a', image: 'img', ready: true, started: true, ...over };
}

const base = { podIP: '10.0.0.2', hostIP: '127.0.0.1', now: '2026-01-01T00:00:05Z' };

test('a running, ready container makes a Running, Ready pod', () => {
  const s = computePodStatus({ ...base, pod: pod('Always'), init: [], app: [view({ current: instance({}) })] });
  assert.equal(s.phase, 'Running');
  assert.equal(s.podIP, '10.0.0.2');
  assert.equal(s.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  assert.deepEqual(s.containerStatuses?.[0].state, { running: { startedAt: '2026-01-01T00:00:01Z' } });
});

test('readiness gates Ready while the pod runs', () => {
  const s = computePodStatus({ ...base, pod: pod('Always'), init: [], app: [view({ current: instance({}), ready: false })] });
  assert.equal(s.phase, 'Running');
  const ready = s.conditions?.find((c) => c.type === 'Ready');
  assert.equal(ready?.status, 'False');
  assert.equal(ready?.reason, 'ContainersNotReady');
});

test('Never: a failed container fails the pod; a clean exit succeeds it', () => {
  const failed = computePodStatus({ ...base, pod: pod('Never'), init: [], app: [view({ current: instance({ state: 'exited', exitCode: 3, finishedAt: '2026-01-01T00:00:02Z' }) })] });
  assert.equal(failed.phase, 'Failed');
  assert.equal(failed.containerStatuses?.[0].state?.terminated?.reason, 'Error');
  const ok = computePodStatus({ ...base, pod: pod('Never'), init: [], app: [view({ current: instance({ state: 'exited', exitCode: 0 }) })] });
  assert.equal(ok.phase, 'Succeeded');
  assert.equal(ok.containerStatuses?.[0].state?.terminated?.reason, 'Completed');
});

test('a container in CrashLoopBackOff keeps the pod Running with lastState', () => {
  const s = computePodStatus({
    ...base,
    pod: pod('Always'),
    init: [],
    app: [view({ current: instance({ state: 'exited', exitCode: 1, restartCount: 2 }), waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s' } })],
  });
  assert.equal(s.phase, 'Running');
  const cs = s.containerStatuses?.[0];
  assert.equal(cs?.state?.waiting?.reason, 'CrashLoopBackOff');
  assert.equal(cs?.lastState?.terminated?.exitCode, 1);
  assert.equal(cs?.restartCount, 2);
});

test('app containers wait in PodInitializing until init containers complete', () => {
  const s = computePodStatus({
    ...base,
    pod: pod('Always', true),
    init: [view({ name: 'i', current: instance({ containerName: 'i', kind: 'init' }) })],
    app: [view({})],
  });
  assert.equal(s.phase, 'Pending');
  assert.equal(s.containerStatuses?.[0].state?.waiting?.reason, 'PodInitializing');
  assert.equal(s.conditions?.find((c) => c.type === 'Initialized')?.status, 'False');
});

test('a terminal phase is never left', () => {
  const p = pod('Always');
  p.status = { phase: 'Succeeded' };
  const s = computePodStatus({ ...base, pod: p, init: [], app: [view({ current: instance({}) })] });
  assert.equal(s.phase, 'Succeeded');
});

test('a failure set by the agent fails the pod with its reason', () => {
  const s = computePodStatus({
    ...base,
    pod: pod('Always'),
    init: [],
    app: [view({ current: instance({ state: 'exited', exitCode: 137 }) })],
    failure: { reason: 'DeadlineExceeded', message: 'too long' },
  });
  assert.equal(s.phase, 'Failed');
  assert.equal(s.reason, 'DeadlineExceeded');
  assert.equal(s.message, 'too long');
});

test('a running init container is not ready; a completed one is', () => {
  const running = computePodStatus({ ...base, pod: pod('Always', true), init: [view({ name: 'i', current: instance({ containerName: 'i', kind: 'init' }) })], app: [view({})] });
  assert.equal(running.initContainerStatuses?.[0].ready, false);
  assert.equal(running.phase, 'Pending');
  const done = computePodStatus({
    ...base,
    pod: pod('Always', true),
    init: [view({ name: 'i', current: instance({ containerName: 'i', kind: 'init', state: 'exited', exitCode: 0 }) })],
    app: [view({ current: instance({}) })],
  });
  assert.equal(done.initContainerStatuses?.[0].ready, true);
});
