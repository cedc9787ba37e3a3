import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from '../../api/types/index.js';
import { planRollback } from './rollback.js';

const template = (image: string) => ({ metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image }] } });

function deployment(rollbackTo: string, image: string): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', annotations: { 'deprecated.deployment.rollback.to': rollbackTo, keep: 'me' } },
    spec: { selector: { matchLabels: { app: 'a' } }, template: template(image) },
  };
}

function replicaSet(revision: number, image: string): ReplicaSet {
  const t = template(image);
  t.metadata.labels = { ...t.metadata.labels, 'pod-template-hash': `h${revision}` } as { app: string };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `web-h${revision}`, annotations: { 'deployment.kubernetes.io/revision': String(revision) } },
    spec: { selector: { matchLabels: { app: 'a' } }, template: t },
  };
}

const history = [replicaSet(1, 'img:1'), replicaSet(2, 'img:2'), replicaSet(3, 'img:3')];

test('rolls back to the named revision, without its pod-template-hash, and clears the annotation', () => {
  const d = deployment('1', 'img:3');
  const plan = planRollback(d, history);
  assert.equal(plan.deployment.spec.template.spec.containers[0].image, 'img:1');
  assert.deepEqual(plan.deployment.spec.template.metadata?.labels, { app: 'a' });
  assert.deepEqual(plan.deployment.metadata.annotations, { keep: 'me' });
  assert.deepEqual(plan.event, { type: 'Normal', reason: 'DeploymentRollback', message: 'Rolled back deployment "web" to revision 1' });
  assert.equal(d.metadata.annotations?.['deprecated.deployment.rollback.to'], '1', 'the input is not changed');
});

test('revision 0 means the one before the current', () => {
  assert.equal(planRollback(deployment('0', 'img:3'), history).deployment.spec.template.spec.containers[0].image, 'img:2');
});

test('an unknown revision or the same template leaves the template and says why', () => {
  const missing = planRollback(deployment('7', 'img:3'), history);
  assert.equal(missing.deployment.spec.template.spec.containers[0].image, 'img:3');
  assert.equal(missing.event.reason, 'RollbackRevisionNotFound');
  assert.equal(missing.deployment.metadata.annotations?.['deprecated.deployment.rollback.to'], undefined);
  assert.equal(planRollback(deployment('3', 'img:3'), history).event.reason, 'RollbackTemplateUnchanged');
});
