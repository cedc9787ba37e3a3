import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from '../../api/types/index.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';
import { stored, syncOnce } from '../common/controller-fixtures.js';
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, REVISION_ANNOTATION } from './annotations.js';
import { DeploymentController } from './deployment-controller.js';
import { PROGRESSING, REASON_RS_UPDATED, REASON_TIMED_OUT } from './deployment-status.js';
import { computeTemplateHash } from './template-hash.js';

const LABELS = { app: 'web' };
const DEADLINE_SECONDS = 60;
const TEMPLATE = { metadata: { labels: LABELS }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };

/** A rollout whose one new pod never becomes available, last progressing at the clock's start. */
function rollout(clock: ManualClock): { deployment: Deployment; replicaSet: ReplicaSet } {
  const since = new Date(clock.now()).toISOString();
  const hash = computeTemplateHash(TEMPLATE);
  const deployment: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'ns', uid: 'd-uid', generation: 1, annotations: { [REVISION_ANNOTATION]: '1' } },
    spec: { replicas: 1, progressDeadlineSeconds: DEADLINE_SECONDS, selector: { matchLabels: LABELS }, template: TEMPLATE },
    status: {
      observedGeneration: 1,
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: 0,
      availableReplicas: 0,
      unavailableReplicas: 1,
      conditions: [{ type: PROGRESSING, status: 'True', reason: REASON_RS_UPDATED, message: `ReplicaSet "web-${hash}" is progressing.`, lastUpdateTime: since, lastTransitionTime: since }],
    },
  };
  const hashed = { app: 'web', 'pod-template-hash': hash };
  const replicaSet: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `web-${hash}`,
      namespace: 'ns',
      uid: 'rs-uid',
      labels: hashed,
      creationTimestamp: since,
      annotations: { [REVISION_ANNOTATION]: '1', [DESIRED_REPLICAS_ANNOTATION]: '1', [MAX_REPLICAS_ANNOTATION]: '2' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true }],
    },
    spec: { replicas: 1, selector: { matchLabels: hashed }, template: { ...TEMPLATE, metadata: { labels: hashed } } },
    status: { replicas: 1, readyReplicas: 0, availableReplicas: 0 },
  };
  return { deployment, replicaSet };
}

async function progressingAfter(elapsedMs: number): Promise<{ reason: string | undefined; requeues: number[] }> {
  const clock = new ManualClock();
  const { deployment, replicaSet } = rollout(clock);
  const fake = new FakeApiClient();
  fake.seed('deployments', deployment);
  fake.seed('replicasets', replicaSet);
  clock.advance(elapsedMs);
  const requeues = await syncOnce(fake, clock, (ctx) => new DeploymentController(ctx), 'ns/web');
  const progressing = stored<Deployment>(fake, 'deployments', 'ns/web').status?.conditions?.find((c) => c.type === PROGRESSING);
  return { reason: progressing?.reason, requeues };
}

test('a rollout exceeds its progress deadline when the controller clock passes it, not before', async () => {
  const before = await progressingAfter(DEADLINE_SECONDS * 1000 - 1_000);
  assert.equal(before.reason, REASON_RS_UPDATED);
  assert.ok(before.requeues.some((ms) => ms >= 1_000 && ms < 2_000), `wakes up at the deadline: ${before.requeues.join(', ')}`);
  const after = await progressingAfter(DEADLINE_SECONDS * 1000 + 1);
  assert.equal(after.reason, REASON_TIMED_OUT);
});
