// The scale subresource over gRPC, as the HPA controller reads and writes it:
// a Scale view of a Deployment, a write guarded by its resourceVersion, the
// validation and the NotFound Kubernetes' scale storage answers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { Deployment } from '../../api/types/index.js';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';
import { deployment, uniqueName } from '../../testkit/objects/apiserver-fixtures.js';

const env = useControlPlane();

describe('the scale subresource over gRPC', () => {
  it('reads a Deployment as a Scale with its selector, and writes its replicas', async () => {
    const name = uniqueName('scaled');
    await env.client.create(resources.deployments, deployment(name));
    const scale = await env.client.getScale(resources.deployments, 'default', name);
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.apiVersion, 'autoscaling/v1');
    assert.equal(scale.metadata.name, name);
    assert.match(scale.status.selector ?? '', /=/);
    const written = await env.client.updateScale(resources.deployments, { ...scale, spec: { replicas: scale.spec.replicas + 2 } });
    assert.equal(written.spec.replicas, scale.spec.replicas + 2);
    const stored = await env.client.get<Deployment>(resources.deployments, 'default', name);
    assert.equal(stored.spec?.replicas, scale.spec.replicas + 2);
    assert.ok((stored.metadata.generation ?? 0) > 1, 'a scale is a spec change: the generation moves');
  });

  it('refuses a write from a stale Scale, a negative count, and a missing object', async () => {
    const name = uniqueName('guarded');
    await env.client.create(resources.deployments, deployment(name));
    const stale = await env.client.getScale(resources.deployments, 'default', name);
    await env.client.updateScale(resources.deployments, { ...stale, spec: { replicas: 3 } });
    await assert.rejects(env.client.updateScale(resources.deployments, { ...stale, spec: { replicas: 5 } }), (err) => isApiError(err, 'Conflict'));
    const fresh = await env.client.getScale(resources.deployments, 'default', name);
    assert.equal(fresh.spec.replicas, 3, 'the stale write lost nothing and wrote nothing');
    await assert.rejects(
      env.client.updateScale(resources.deployments, { ...fresh, spec: { replicas: -1 } }),
      (err) => isApiError(err, 'Invalid') && /spec.replicas: Invalid value: -1: must be greater than or equal to 0/.test(err.message),
    );
    await assert.rejects(
      env.client.getScale(resources.deployments, 'default', 'no-such-deployment'),
      (err) => isApiError(err, 'NotFound') && err.message === 'deployments/scale.apps "no-such-deployment" not found',
    );
    await assert.rejects(env.client.getScale(resources.pods, 'default', 'anything'), (err) => isApiError(err, 'BadRequest') && /pods have no scale subresource/.test(err.message));
  });
});
