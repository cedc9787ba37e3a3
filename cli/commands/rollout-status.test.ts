import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, StatefulSet } from '../../api/types/apps.js';
import { deploymentStatus, statefulSetStatus } from './rollout-status.js';

function dep(status: Deployment['status'], generation = 2): Deployment {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', generation }, spec: { replicas: 3, selector: {}, template: { spec: { containers: [] } } }, status };
}

test('deployment messages as kubectl prints them', () => {
  assert.equal(deploymentStatus(dep({ observedGeneration: 1 })).message, 'Waiting for deployment spec update to be observed...\n');
  assert.equal(deploymentStatus(dep({ observedGeneration: 2, updatedReplicas: 1, replicas: 3 })).message, 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n');
  assert.equal(deploymentStatus(dep({ observedGeneration: 2, updatedReplicas: 3, replicas: 4 })).message, 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...\n');
  assert.equal(deploymentStatus(dep({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 })).message, 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...\n');
  const done = deploymentStatus(dep({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }));
  assert.deepEqual(done, { message: 'deployment "web" successfully rolled out\n', done: true });
  assert.throws(
    () => deploymentStatus(dep({ observedGeneration: 2, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] })),
    /deployment "web" exceeded its progress deadline/,
  );
});

test('statefulset messages, partitioned and not', () => {
  const sts = (status: StatefulSet['status'], partition = 0): StatefulSet => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', generation: 1 },
    spec: { replicas: 3, selector: {}, template: { spec: { containers: [] } }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition } } },
    status,
  });
  assert.equal(statefulSetStatus(sts({ observedGeneration: 1, replicas: 3, readyReplicas: 1 })).message, 'Waiting for 2 pods to be ready...\n');
  assert.equal(statefulSetStatus(sts({ observedGeneration: 1, replicas: 3, readyReplicas: 3, updatedReplicas: 1 }, 1)).message, 'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...\n');
  assert.equal(statefulSetStatus(sts({ observedGeneration: 1, replicas: 3, readyReplicas: 3, updatedReplicas: 3, currentReplicas: 3, currentRevision: 'db-1', updateRevision: 'db-1' })).message, 'statefulset rolling update complete 3 pods at revision db-1...\n');
});
