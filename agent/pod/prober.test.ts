import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container } from '../../api/types/index.js';
import type { DockerRuntime } from '../runtime/docker-runtime.js';
import { ContainerProber, type ProbeKind } from './prober.js';

/** Probe periods small enough for a unit test (the prober takes fractional seconds). */
const FAST_PERIOD_SECONDS = 0.01;

function fakeRuntime(results: () => number): DockerRuntime {
  return { exec: async () => ({ exitCode: results(), output: 'nope', timedOut: false }) } as unknown as DockerRuntime;
}

function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error('condition not reached'));
      else setTimeout(tick, 5);
    };
    tick();
  });
}

const execProbe = { exec: { command: ['check'] }, periodSeconds: FAST_PERIOD_SECONDS };

test('liveness reports the container unhealthy after failureThreshold failures', async () => {
  const failures: string[] = [];
  let unhealthy: ProbeKind | undefined;
  const container: Container = { name: 'c', livenessProbe: { ...execProbe, failureThreshold: 3 } };
  const prober = new ContainerProber(
    { runtime: fakeRuntime(() => 1), containerId: 'id', container, host: '127.0.0.1' },
    { probeFailed: (_k, m) => failures.push(m), containerUnhealthy: (k) => (unhealthy = k), stateChanged: () => undefined },
  );
  assert.equal(prober.ready, true, 'no readiness probe: ready once started');
  prober.start();
  await until(() => unhealthy !== undefined);
  prober.stop();
  assert.equal(unhealthy, 'Liveness');
  assert.equal(failures.length, 3);
  assert.equal(failures[0], 'nope');
});

test('readiness turns ready after successes and unready after failures', async () => {
  let exitCode = 1;
  let changes = 0;
  const container: Container = { name: 'c', readinessProbe: { ...execProbe, successThreshold: 2, failureThreshold: 2 } };
  const prober = new ContainerProber(
    { runtime: fakeRuntime(() => exitCode), containerId: 'id', container, host: '127.0.0.1' },
    { probeFailed: () => undefined, containerUnhealthy: () => undefined, stateChanged: () => changes++ },
  );
  assert.equal(prober.ready, false);
  prober.start();
  exitCode = 0;
  await until(() => prober.ready);
  exitCode = 1;
  await until(() => !prober.ready);
  prober.stop();
  assert.ok(changes >= 2);
});

test('a startup probe holds liveness and readiness back until it passes', async () => {
  let startupCalls = 0;
  const runtime = {
    exec: async (_id: string, cmd: string[]) => {
      if (cmd[0] === 'started') return { exitCode: ++startupCalls >= 3 ? 0 : 1, output: '', timedOut: false };
      return { exitCode: 0, output: '', timedOut: false };
    },
  } as unknown as DockerRuntime;
  const container: Container = {
    name: 'c',
    startupProbe: { exec: { command: ['started'] }, periodSeconds: FAST_PERIOD_SECONDS, failureThreshold: 10 },
    readinessProbe: execProbe,
  };
  const prober = new ContainerProber({ runtime, containerId: 'id', container, host: '127.0.0.1' }, { probeFailed: () => undefined, containerUnhealthy: () => undefined, stateChanged: () => undefined });
  assert.equal(prober.started, false);
  prober.start();
  await until(() => prober.started && prober.ready);
  prober.stop();
  assert.equal(startupCalls, 3);
});

test('an adopted container keeps its reported started and ready state until a probe fails', async () => {
  let results = 0;
  const container: Container = {
    name: 'c',
    startupProbe: { ...execProbe, failureThreshold: 1 },
    readinessProbe: { ...execProbe, failureThreshold: 1 },
  };
  let changed = 0;
  const prober = new ContainerProber(
    { runtime: fakeRuntime(() => results), containerId: 'id', container, host: '127.0.0.1' },
    { probeFailed: () => undefined, containerUnhealthy: () => assert.fail('the startup probe must not run again'), stateChanged: () => changed++ },
    { started: true, ready: true },
  );
  assert.equal(prober.started, true);
  assert.equal(prober.ready, true);
  prober.start();
  results = 1;
  await until(() => !prober.ready);
  prober.stop();
  assert.equal(prober.started, true);
  assert.ok(changed > 0);
});

test('a new container starts unready behind its readiness probe', () => {
  const container: Container = { name: 'c', readinessProbe: execProbe };
  const prober = new ContainerProber(
    { runtime: fakeRuntime(() => 0), containerId: 'id', container, host: '127.0.0.1' },
    { probeFailed: () => undefined, containerUnhealthy: () => undefined, stateChanged: () => undefined },
  );
  assert.equal(prober.ready, false);
});
