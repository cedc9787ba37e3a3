import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resources } from '../../api/resources.js';
import type { Deployment } from '../../api/types/index.js';
import { harness } from './registry-fixtures.js';

function deployment(template: Record<string, unknown>, resourceVersion?: string): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', ...(resourceVersion ? { resourceVersion } : {}) },
    spec: { replicas: 1, progressDeadlineSeconds: null, selector: { matchLabels: { app: 'web' } }, template },
  });
}

const PLAIN = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.22' }] } };
/** The same template as Go clients spell it. */
const GO_SPELLED = { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.22', resources: {} }] } };

test('nulls in spec and empty resources are stored as absent, so they change nothing', async () => {
  const { registry } = await harness();
  const created = (await registry.create(resources.deployments, 'default', deployment(GO_SPELLED))) as Deployment;
  assert.equal('creationTimestamp' in (created.spec.template.metadata ?? {}), false);
  assert.equal('resources' in created.spec.template.spec.containers[0], false);
  assert.equal(created.spec.progressDeadlineSeconds, 600, 'a null field is defaulted like an absent one');
  const updated = (await registry.update(resources.deployments, 'default', deployment(PLAIN, created.metadata.resourceVersion))) as Deployment;
  assert.equal(updated.metadata.generation, 1, 'the plain spelling is the same spec');
});
