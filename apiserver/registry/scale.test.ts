import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { Deployment } from '../../api/types/index.js';
import { harness } from './registry-fixtures.js';

const DEPLOYMENT = JSON.stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.22' }] } },
  },
});

async function withDeployment() {
  const h = await harness();
  await h.registry.create(resources.deployments, 'default', DEPLOYMENT);
  return h;
}

describe('scale subresource', () => {
  it('reads replicas and the selector as an autoscaling/v1 Scale', async () => {
    const { registry } = await withDeployment();
    const scale = await registry.getScale(resources.deployments, 'default', 'web');
    assert.equal(scale.apiVersion, 'autoscaling/v1');
    assert.equal(scale.kind, 'Scale');
    assert.deepEqual(scale.spec, { replicas: 2 });
    assert.deepEqual(scale.status, { replicas: 0, selector: 'app=web' });
  });

  it('a merge patch and an update set spec.replicas and bump the generation', async () => {
    const { registry } = await withDeployment();
    const patched = await registry.patchScale(resources.deployments, 'default', 'web', 'MERGE', '{"spec":{"replicas":5}}');
    assert.equal(patched.spec.replicas, 5);
    const d = (await registry.get(resources.deployments, 'default', 'web')) as Deployment;
    assert.equal(d.spec.replicas, 5);
    assert.equal(d.metadata.generation, 2);
    const updated = await registry.updateScale(resources.deployments, 'default', 'web', JSON.stringify({ ...patched, spec: { replicas: 1 } }));
    assert.equal(updated.spec.replicas, 1);
  });

  it('refuses negative, fractional and stale writes with Kubernetes reasons, changing nothing', async () => {
    const { registry } = await withDeployment();
    await assert.rejects(registry.patchScale(resources.deployments, 'default', 'web', 'MERGE', '{"spec":{"replicas":-1}}'), (err) => {
      assert.ok(isApiError(err, 'Invalid'));
      assert.equal(err.message, 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
      return true;
    });
    await assert.rejects(registry.patchScale(resources.deployments, 'default', 'web', 'MERGE', '{"spec":{"replicas":1.5}}'), (err) => isApiError(err, 'Invalid'));
    const stale = { metadata: { name: 'web', resourceVersion: '1' }, spec: { replicas: 3 } };
    await assert.rejects(registry.updateScale(resources.deployments, 'default', 'web', JSON.stringify(stale)), (err) => isApiError(err, 'Conflict'));
    assert.equal(((await registry.get(resources.deployments, 'default', 'web')) as Deployment).spec.replicas, 2);
  });

  it('is refused for kinds without a scale subresource', async () => {
    const { registry } = await harness();
    await assert.rejects(registry.getScale(resources.pods, 'default', 'x'), (err) => isApiError(err, 'BadRequest'));
  });
});
