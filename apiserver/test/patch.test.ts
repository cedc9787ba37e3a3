// Merge, strategic merge and JSON patches through the update path.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import type { KubeObject } from '../../api/types/index.js';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';
import { deployment, pod, uniqueName } from '../../testkit/objects/apiserver-fixtures.js';
import { resources } from '../../api/resources.js';

const env = useControlPlane();

interface Container {
  name: string;
  image: string;
  env?: { name: string; value: string }[];
}

function containersOf(d: KubeObject): Container[] {
  return (d.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers;
}

async function twoContainerDeployment(): Promise<{ name: string; created: KubeObject }> {
  const name = uniqueName('patched');
  const body = deployment(name);
  const spec = body.spec as { template: { spec: { containers: Container[] } } };
  spec.template.spec.containers = [
    { name: 'web', image: 'nginx:1.25', env: [{ name: 'A', value: '1' }] },
    { name: 'sidecar', image: 'busybox:1.36' },
  ];
  return { name, created: await env.client.create(resources.deployments, body) };
}

describe('apiserver patch', () => {
  it('applies a JSON merge patch', async () => {
    await env.client.create(resources.pods, pod('merge-me', 'default', { labels: { a: '1', b: '2' } }));
    const patched = await env.client.patch(resources.pods, 'default', 'merge-me', 'merge', { metadata: { labels: { a: null, c: '3' } } });
    assert.deepEqual(patched.metadata.labels, { b: '2', c: '3' });
  });

  it('applies a JSON patch, and refuses a failing test operation', async () => {
    await env.client.create(resources.pods, pod('json-me', 'default', { labels: { a: '1' } }));
    const patched = await env.client.patch(resources.pods, 'default', 'json-me', 'json', [
      { op: 'add', path: '/metadata/annotations', value: { note: 'hi' } },
      { op: 'replace', path: '/metadata/labels/a', value: '2' },
    ]);
    assert.deepEqual(patched.metadata.labels, { a: '2' });
    assert.deepEqual(patched.metadata.annotations, { note: 'hi' });
    await assert.rejects(
      env.client.patch(resources.pods, 'default', 'json-me', 'json', [{ op: 'test', path: '/metadata/labels/a', value: 'nope' }]),
      (err) => isApiError(err) && (err.reason === 'BadRequest' || err.reason === 'Invalid' || err.reason === 'Conflict'),
    );
  });

  it('merges containers by name with a strategic merge patch', async () => {
    const { name } = await twoContainerDeployment();
    const patched = await env.client.patch(resources.deployments, 'default', name, 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27', env: [{ name: 'B', value: '2' }] }] } } },
    });
    const containers = containersOf(patched);
    assert.deepEqual(containers.map((c) => c.name), ['web', 'sidecar']);
    assert.equal(containers[0].image, 'nginx:1.27');
    // As in Kubernetes, elements the patch adds come before those only the server has.
    assert.deepEqual(containers[0].env, [
      { name: 'B', value: '2' },
      { name: 'A', value: '1' },
    ]);
    assert.equal(patched.metadata.generation, 2);
  });

  it('deletes a list element with $patch: delete', async () => {
    const { name } = await twoContainerDeployment();
    const patched = await env.client.patch(resources.deployments, 'default', name, 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } },
    });
    assert.deepEqual(containersOf(patched).map((c) => c.name), ['web']);
  });

  it('orders a merged list with $setElementOrder', async () => {
    const { name } = await twoContainerDeployment();
    const patched = await env.client.patch(resources.deployments, 'default', name, 'strategic', {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }],
            containers: [{ name: 'sidecar', image: 'busybox:1.37' }],
          },
        },
      },
    });
    const containers = containersOf(patched);
    assert.deepEqual(containers.map((c) => c.name), ['sidecar', 'web']);
    assert.equal(containers[0].image, 'busybox:1.37');
  });

  it('clears the other members of a union with $retainKeys', async () => {
    const { name, created } = await twoContainerDeployment();
    const before = (created.spec as { strategy: { type: string; rollingUpdate?: unknown } }).strategy;
    assert.equal(before.type, 'RollingUpdate');
    assert.ok(before.rollingUpdate, 'defaults fill rollingUpdate');
    const patched = await env.client.patch(resources.deployments, 'default', name, 'strategic', {
      spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } },
    });
    assert.deepEqual((patched.spec as { strategy: unknown }).strategy, { type: 'Recreate' });
  });

  it('refuses a bad directive and stores nothing', async () => {
    const { name, created } = await twoContainerDeployment();
    await assert.rejects(
      env.client.patch(resources.deployments, 'default', name, 'strategic', {
        spec: { replicas: 5, template: { spec: { containers: [{ name: 'web', $patch: 'explode' }] } } },
      }),
      (err) => isApiError(err) && (err.reason === 'BadRequest' || err.reason === 'Invalid') && /explode|\$patch/.test(err.message),
    );
    const stored = await env.client.get(resources.deployments, 'default', name);
    assert.equal(stored.metadata.resourceVersion, created.metadata.resourceVersion);
    assert.equal((stored.spec as { replicas: number }).replicas, 1);
  });

  it('patches the status subresource only with the status flag', async () => {
    await env.client.create(resources.pods, pod('status-patch'));
    const main = await env.client.patch(resources.pods, 'default', 'status-patch', 'merge', { status: { phase: 'Running' } });
    assert.equal((main.status as { phase: string }).phase, 'Pending');
    const status = await env.client.patch(resources.pods, 'default', 'status-patch', 'merge', { status: { phase: 'Running' }, metadata: { labels: { x: 'y' } } }, { status: true });
    assert.equal((status.status as { phase: string }).phase, 'Running');
    assert.equal(status.metadata.labels, undefined);
  });

  it('treats a resourceVersion in the patch as a precondition', async () => {
    const created = await env.client.create(resources.pods, pod('pinned'));
    await env.client.patch(resources.pods, 'default', 'pinned', 'merge', { metadata: { labels: { a: '1' } } });
    await assert.rejects(
      env.client.patch(resources.pods, 'default', 'pinned', 'merge', { metadata: { resourceVersion: created.metadata.resourceVersion, labels: { a: '2' } } }),
      (err) => isApiError(err, 'Conflict'),
    );
    const current = await env.client.get(resources.pods, 'default', 'pinned');
    const ok = await env.client.patch(resources.pods, 'default', 'pinned', 'merge', { metadata: { resourceVersion: current.metadata.resourceVersion, labels: { a: '3' } } });
    assert.deepEqual(ok.metadata.labels, { a: '3' });
  });

  it('re-applies a patch when another writer got there first', async () => {
    await env.client.create(resources.pods, pod('contended'));
    const writers = Array.from({ length: 10 }, (_, i) => env.client.patch(resources.pods, 'default', 'contended', 'merge', { metadata: { annotations: { [`w${i}`]: 'x' } } }));
    await Promise.all(writers);
    const final = await env.client.get(resources.pods, 'default', 'contended');
    assert.equal(Object.keys(final.metadata.annotations ?? {}).length, 10);
  });

  it('lets a crowd of concurrent patches, then of unconditional updates, through without Conflict', async () => {
    const writers = 40;
    await env.client.create(resources.pods, pod('crowded'));
    const failures = async (writes: Promise<unknown>[]): Promise<string[]> =>
      (await Promise.allSettled(writes)).filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));

    const patches = Array.from({ length: writers }, (_, i) =>
      env.client.patch(resources.pods, 'default', 'crowded', 'merge', { metadata: { annotations: { [`p${i}`]: 'x' } } }),
    );
    assert.deepEqual(await failures(patches), []);
    const patched = await env.client.get(resources.pods, 'default', 'crowded');
    assert.equal(Object.keys(patched.metadata.annotations ?? {}).length, writers);

    const updates = Array.from({ length: writers }, (_, i) =>
      env.client.update(resources.pods, { ...patched, metadata: { ...patched.metadata, resourceVersion: '', labels: { writer: String(i) } } }),
    );
    assert.deepEqual(await failures(updates), []);
  });

  it('refuses a resourceVersion that is not a decimal string, naming the field', async () => {
    await env.client.create(resources.pods, pod('odd-version'));
    for (const resourceVersion of ['abc', 12]) {
      await assert.rejects(
        env.client.patch(resources.pods, 'default', 'odd-version', 'merge', { metadata: { resourceVersion, labels: { a: '1' } } }),
        (err) => isApiError(err, 'BadRequest') && /metadata\.resourceVersion: Invalid value/.test(err.message),
      );
    }
    const current = await env.client.get(resources.pods, 'default', 'odd-version');
    await assert.rejects(
      env.client.update(resources.pods, { ...current, metadata: { ...current.metadata, resourceVersion: 'abc' } }),
      (err) => isApiError(err, 'BadRequest') && /metadata\.resourceVersion: Invalid value: "abc"/.test(err.message),
    );
    assert.equal((await env.client.get(resources.pods, 'default', 'odd-version')).metadata.labels, undefined);
  });

  it('refuses a patch that moves the object to another namespace or name, and stores nothing', async () => {
    const created = await env.client.create(resources.pods, pod('stay'));
    await assert.rejects(
      env.client.patch(resources.pods, 'default', 'stay', 'merge', { metadata: { namespace: 'kube-system', labels: { moved: 'yes' } } }),
      (err) => isApiError(err, 'BadRequest') && /namespace of the patched object \(kube-system\) does not match the namespace of the request \(default\)/.test(err.message),
    );
    await assert.rejects(env.client.patch(resources.pods, 'default', 'stay', 'json', [{ op: 'replace', path: '/metadata/name', value: 'gone' }]), (err) =>
      isApiError(err, 'BadRequest'),
    );
    assert.equal((await env.client.get(resources.pods, 'default', 'stay')).metadata.resourceVersion, created.metadata.resourceVersion);
  });

  it('refuses a patch that is not JSON', async () => {
    await env.client.create(resources.pods, pod('garbled'));
    await assert.rejects(env.client.patch(resources.pods, 'default', 'garbled', 'merge', '{not json'), (err) => isApiError(err, 'BadRequest'));
  });
});
