import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/index.js';
import type { DockerRuntime } from '../runtime/docker-runtime.js';
import { MIN_STOP_GRACE_AFTER_PRESTOP_SECONDS } from '../timing.js';
import { ContainerLifecycle } from './container-lifecycle.js';
import type { PodWorkerDeps } from './worker-deps.js';
import { systemClock } from '../clock.js';

const GRACE_SECONDS = 1;

function lifecycleWith(runtime: Partial<DockerRuntime>, events: string[]): ContainerLifecycle {
  const deps = { runtime: runtime as DockerRuntime, clock: systemClock, events: { event: (_o: unknown, _t: string, reason: string) => events.push(reason) } } as unknown as PodWorkerDeps;
  return new ContainerLifecycle(deps);
}

const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec: { containers: [] } };

test('a preStop hook that uses up the grace period still leaves the container time to handle SIGTERM', async () => {
  const stops: number[] = [];
  const events: string[] = [];
  const lifecycle = lifecycleWith(
    {
      // The hook outlives its deadline, as `sleep` longer than the grace period does.
      exec: (_id: string, _cmd: string[], timeoutMs: number) => new Promise((resolve) => setTimeout(() => resolve({ exitCode: -1, output: '', timedOut: true }), timeoutMs)),
      stop: async (_id: string, grace: number) => void stops.push(grace),
    },
    events,
  );
  const container = { name: 'app', lifecycle: { preStop: { exec: { command: ['sleep', '60'] } } } };
  await lifecycle.kill(pod, container, 'id', '10.0.0.2', GRACE_SECONDS, 'Stopping container app');
  assert.deepEqual(stops, [MIN_STOP_GRACE_AFTER_PRESTOP_SECONDS]);
  assert.deepEqual(events, ['Killing', 'FailedPreStopHook']);
});

test('without a preStop hook the whole grace period goes to the stop signal, and 0 kills at once', async () => {
  const stops: number[] = [];
  const lifecycle = lifecycleWith({ stop: async (_id: string, grace: number) => void stops.push(Math.round(grace)) }, []);
  await lifecycle.kill(pod, { name: 'app' }, 'id', '10.0.0.2', GRACE_SECONDS, '');
  await lifecycle.kill(pod, { name: 'app', lifecycle: { preStop: { exec: { command: ['true'] } } } }, 'id', '10.0.0.2', 0, '');
  assert.deepEqual(stops, [GRACE_SECONDS, 0]);
});
