import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerState, Pod } from '../../api/types/index.js';
import { assertLogsAvailable } from './log-availability.js';

function pod(state: ContainerState, lastState: ContainerState = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'i' }] },
    status: { containerStatuses: [{ name: 'app', state, lastState, ready: false, restartCount: 0, image: 'i', imageID: '' }] },
  };
}

test('a container still being created has no logs yet', () => {
  assert.throws(() => assertLogsAvailable(pod({ waiting: { reason: 'ContainerCreating' } }), 'app', false), {
    message: 'container "app" in pod "web" is waiting to start: ContainerCreating',
  });
});

test('running, restarting or previous containers go to the agent', () => {
  assertLogsAvailable(pod({ running: { startedAt: 'now' } }), 'app', false);
  assertLogsAvailable(pod({ waiting: { reason: 'CrashLoopBackOff' } }, { terminated: { exitCode: 1 } }), 'app', false);
  assertLogsAvailable(pod({ waiting: { reason: 'ContainerCreating' } }), 'app', true);
  assertLogsAvailable(pod({ waiting: {} }), 'other', false);
});
