// Create, read, update, delete against a real etcd and apiserver process.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError, type ApiError } from '../../api/errors.js';
import type { KubeObject } from '../../api/types/index.js';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';
import { deployment, namespaceObject, pod, rawUnary, uniqueName } from '../../testkit/objects/apiserver-fixtures.js';
import { resources, type ResourceInfo } from '../../api/resources.js';

const env = useControlPlane();

async function refused(promise: Promise<unknown>, reason: ApiError['reason'], message?: RegExp): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(isApiError(err), `expected an ApiError, got ${String(err)}`);
    assert.equal(err.reason, reason, err.message);
    if (message) assert.match(err.message, message);
    return err;
  }
  assert.fail(`expected ${reason}, but the call succeeded`);
}

describe('apiserver CRUD', () => {
  it('starts with the system namespaces', async () => {
    const list = await env.client.list(resources.namespaces);
    const names = list.items.map((n) => n.metadata.name).sort();
    assert.deepEqual(names, ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    assert.equal(list.kind, 'NamespaceList');
    assert.equal(list.apiVersion, 'v1');
    assert.match(list.metadata.resourceVersion ?? '', /^\d+$/);
  });

  it('creates with server metadata and reads it back', async () => {
    const created = await env.client.create(resources.pods, pod('meta'));
    const meta = created.metadata;
    assert.match(meta.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.match(meta.creationTimestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(meta.generation, 1);
    assert.match(meta.resourceVersion ?? '', /^\d+$/);
    assert.equal((created.status as { phase?: string }).phase, 'Pending');
    const got = await env.client.get(resources.pods, 'default', 'meta');
    assert.deepEqual(got, created);
  });

  it('resets pod status on create', async () => {
    const body = { ...pod('status-reset'), status: { phase: 'Running', podIP: '10.0.0.9' } };
    const created = await env.client.create<KubeObject>(resources.pods, body);
    assert.deepEqual(created.status, { ...(created.status as object), phase: 'Pending' });
    assert.equal((created.status as { podIP?: string }).podIP, undefined);
  });

  it('answers AlreadyExists for a taken name', async () => {
    await env.client.create(resources.pods, pod('twice'));
    await refused(env.client.create(resources.pods, pod('twice')), 'AlreadyExists', /^pods "twice" already exists$/);
  });

  it('answers NotFound for a missing object', async () => {
    await refused(env.client.get(resources.pods, 'default', 'nobody'), 'NotFound', /^pods "nobody" not found$/);
    await refused(env.client.get(resources.deployments, 'default', 'nobody'), 'NotFound', /^deployments\.apps "nobody" not found$/);
  });

  it('generates names from generateName', async () => {
    const body = pod('');
    body.metadata = { generateName: 'web-', namespace: 'default' };
    const a = await env.client.create(resources.pods, body);
    const b = await env.client.create(resources.pods, body);
    assert.match(a.metadata.name ?? '', /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.notEqual(a.metadata.name, b.metadata.name);
  });

  it('refuses a missing namespace', async () => {
    await refused(env.client.create(resources.pods, pod('lost', 'no-such-ns')), 'NotFound', /^namespaces "no-such-ns" not found$/);
  });

  it('refuses an unknown kind or a kind that does not match the resource', async () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' } };
    const err = await refused(env.client.create<KubeObject>(resources.pods, widget), 'BadRequest');
    assert.match(err.message, /Widget/);
    assert.match(err.message, /pods|Pod/);
    const mismatch = await refused(env.client.create(resources.pods, deployment('d')), 'BadRequest');
    assert.match(mismatch.message, /Deployment/);
    // A handle for a resource the server does not serve: the client sends whatever a handle names.
    await refused(env.client.list({ ...resources.pods, plural: 'widgets' }), 'NotFound', /doesn't have a resource type "widgets"/);
  });

  it('refuses a body namespace that differs from the request', async () => {
    const body = pod('elsewhere', 'kube-system');
    await refused(
      rawUnary(env.plane.apiserver.address, 'create', {
        ref: { group: '', resource: 'pods' },
        namespace: 'default',
        objectJson: JSON.stringify(body),
        dryRun: false,
      }),
      'BadRequest',
      /does not match/,
    );
  });

  it('drops the namespace of cluster-scoped objects', async () => {
    const ns = await env.client.create<KubeObject>(resources.namespaces, { ...namespaceObject(uniqueName('team')), metadata: { name: uniqueName('team'), namespace: 'default' } });
    assert.equal(ns.metadata.namespace, undefined);
  });

  it('answers Conflict for a stale resourceVersion and accepts an unconditional update', async () => {
    const created = await env.client.create(resources.pods, pod('stale', 'default', { labels: { v: '1' } }));
    const first = await env.client.update<KubeObject>(resources.pods, { ...created, metadata: { ...created.metadata, labels: { v: '2' } } });
    assert.notEqual(first.metadata.resourceVersion, created.metadata.resourceVersion);
    await refused(
      env.client.update<KubeObject>(resources.pods, { ...created, metadata: { ...created.metadata, labels: { v: '3' } } }),
      'Conflict',
      /^Operation cannot be fulfilled on pods "stale": the object has been modified; please apply your changes to the latest version and try again$/,
    );
    const { resourceVersion: _rv, ...unpinned } = created.metadata;
    const forced = await env.client.update<KubeObject>(resources.pods, { ...created, metadata: { ...unpinned, labels: { v: '4' } } });
    assert.deepEqual(forced.metadata.labels, { v: '4' });
  });

  it('keeps server-owned metadata and refuses a changed uid', async () => {
    const created = await env.client.create(resources.pods, pod('owned'));
    const updated = await env.client.update<KubeObject>(resources.pods, {
      ...created,
      metadata: { ...created.metadata, creationTimestamp: '2000-01-01T00:00:00Z', labels: { x: 'y' } },
    });
    assert.equal(updated.metadata.creationTimestamp, created.metadata.creationTimestamp);
    assert.equal(updated.metadata.uid, created.metadata.uid);
    await refused(env.client.update<KubeObject>(resources.pods, { ...updated, metadata: { ...updated.metadata, uid: '00000000-0000-0000-0000-000000000000' } }), 'Conflict', /UID/);
  });

  it('writes nothing for an unchanged update', async () => {
    const created = await env.client.create(resources.pods, pod('same'));
    const again = await env.client.update(resources.pods, created);
    assert.equal(again.metadata.resourceVersion, created.metadata.resourceVersion);
  });

  it('bumps generation only when the spec changes', async () => {
    const created = await env.client.create(resources.deployments, deployment(uniqueName('gen')));
    assert.equal(created.metadata.generation, 1);
    const labelled = await env.client.update<KubeObject>(resources.deployments, { ...created, metadata: { ...created.metadata, labels: { team: 'a' } } });
    assert.equal(labelled.metadata.generation, 1);
    const spec = created.spec as { replicas: number };
    const scaled = await env.client.update<KubeObject>(resources.deployments, { ...labelled, spec: { ...spec, replicas: 3 } });
    assert.equal(scaled.metadata.generation, 2);
    const statused = await env.client.updateStatus<KubeObject>(resources.deployments, { ...scaled, status: { observedGeneration: 2, replicas: 3 } });
    assert.equal(statused.metadata.generation, 2);
  });

  it('separates the status subresource from the main object', async () => {
    const created = await env.client.create(resources.pods, pod('subresource'));
    const main = await env.client.update<KubeObject>(resources.pods, {
      ...created,
      metadata: { ...created.metadata, labels: { a: 'b' } },
      status: { phase: 'Running' },
    });
    assert.equal((main.status as { phase: string }).phase, 'Pending', 'update must not change status');
    assert.deepEqual(main.metadata.labels, { a: 'b' });
    const status = await env.client.updateStatus<KubeObject>(resources.pods, {
      ...main,
      metadata: { ...main.metadata, labels: { a: 'changed' } },
      spec: { containers: [{ name: 'other', image: 'other:1' }] },
      status: { phase: 'Running', podIP: '10.1.2.3' },
    });
    assert.equal((status.status as { phase: string }).phase, 'Running');
    assert.deepEqual(status.metadata.labels, { a: 'b' }, 'status update must not change metadata');
    assert.equal((status.spec as { containers: { name: string }[] }).containers[0].name, 'main', 'status update must not change spec');
  });

  it('keeps the given status of nodes and namespaces', async () => {
    const node = await env.client.create(resources.nodes, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: uniqueName('node') },
      status: { capacity: { cpu: '2' } },
    });
    assert.deepEqual((node.status as { capacity: unknown }).capacity, { cpu: '2' });
  });

  it('binds a pod once and answers Conflict for a second bind', async () => {
    await env.client.create(resources.pods, pod('bindme'));
    await env.client.bind('default', 'bindme', 'node-a');
    const bound = await env.client.get(resources.pods, 'default', 'bindme');
    assert.equal((bound.spec as { nodeName: string }).nodeName, 'node-a');
    const conditions = (bound.status as { conditions: { type: string; status: string }[] }).conditions;
    assert.ok(conditions.some((c) => c.type === 'PodScheduled' && c.status === 'True'));
    await refused(env.client.bind('default', 'bindme', 'node-b'), 'Conflict', /pod bindme is already assigned to node "node-a"/);
    await refused(env.client.bind('default', 'nobody', 'node-b'), 'NotFound', /pods "nobody" not found/);
  });

  it('treats the uid and resourceVersion of a binding as preconditions', async () => {
    const created = await env.client.create(resources.pods, pod('bind-pre'));
    const bind = (metadata: Record<string, unknown>): Promise<unknown> =>
      rawUnary(env.plane.apiserver.address, 'Bind', {
        namespace: 'default',
        bindingJson: JSON.stringify({ metadata: { name: 'bind-pre', ...metadata }, target: { kind: 'Node', name: 'node-a' } }),
      });
    await refused(bind({ uid: 'another-pod' }), 'Conflict', /Precondition failed: UID in precondition: another-pod/);
    await refused(bind({ resourceVersion: '1' }), 'Conflict', /Precondition failed: ResourceVersion in precondition: 1/);
    await refused(bind({ uid: 7 }), 'BadRequest', /metadata\.uid must be a string/);
    assert.equal(((await env.client.get(resources.pods, 'default', 'bind-pre')).spec as { nodeName?: string }).nodeName, undefined);
    await bind({ uid: created.metadata.uid, resourceVersion: created.metadata.resourceVersion });
    assert.equal(((await env.client.get(resources.pods, 'default', 'bind-pre')).spec as { nodeName?: string }).nodeName, 'node-a');
  });

  it('answers Invalid, not an internal error, for a generateName that is not a string', async () => {
    const body = { ...pod('x'), metadata: { generateName: 5, namespace: 'default' } } as unknown as KubeObject;
    await refused(env.client.create(resources.pods, body), 'Invalid', /metadata\.generateName: Invalid value: 5: must be a string/);
  });

  it('refuses an object too large for etcd by name, and keeps serving', async () => {
    const big = pod('too-big');
    (big.spec as { containers: { command?: string[] }[] }).containers[0].command = ['x'.repeat(2 * 1024 * 1024)];
    await refused(env.client.create(resources.pods, big), 'BadRequest', /pods "too-big" is too large to store: \d+ bytes, the limit is 1500000/);
    const small = await env.client.create(resources.deployments, deployment('after-too-big'));
    const command = ['x'.repeat(1_600_000)];
    const patch = { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.25', command }] } } } };
    await refused(env.client.patch(resources.deployments, 'default', 'after-too-big', 'merge', patch), 'BadRequest', /deployments\.apps "after-too-big" is too large to store/);
    assert.equal((await env.client.get(resources.deployments, 'default', 'after-too-big')).metadata.resourceVersion, small.metadata.resourceVersion);
  });

  it('refuses absurdly nested objects as BadRequest', async () => {
    const body = `{"metadata":{"name":"deep"},"spec":{"containers":[{"name":"a","image":"b"}],"x":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}`;
    await refused(rawUnary(env.plane.apiserver.address, 'Create', { ref: { resource: 'pods' }, namespace: 'default', objectJson: body }), 'BadRequest', /more than 100 levels deep/);
  });

  it('answers Invalid for a name of the wrong type instead of leaving the call unanswered', async () => {
    const body = { ...pod('x'), metadata: { name: {}, namespace: 'default' } } as unknown as KubeObject;
    await refused(env.client.create(resources.pods, body), 'Invalid', /metadata\.name: Invalid value: \{\}: must be a string/);
  });

  it('answers errors that quote non-ASCII or huge values, and keeps serving', async () => {
    await refused(env.client.create(resources.pods, pod('pöd')), 'Invalid', /^Pod "pöd" is invalid: metadata\.name: Invalid value: "pöd"/);
    const err = await refused(env.client.create(resources.pods, pod('long-label', 'default', { labels: { a: 'y'.repeat(100_000) } })), 'Invalid', /metadata\.labels/);
    assert.ok(err.message.length < 10_000, `message of ${err.message.length} characters`);
    await env.client.list(resources.pods);
  });

  it('writes nothing on dry run', async () => {
    const dry = await env.client.create(resources.pods, pod('dry'), { dryRun: true });
    assert.equal(dry.metadata.name, 'dry');
    assert.equal((dry.status as { phase: string }).phase, 'Pending');
    await refused(env.client.get(resources.pods, 'default', 'dry'), 'NotFound');

    const real = await env.client.create(resources.pods, pod('dry-real'));
    const dryUpdate = await env.client.update<KubeObject>(resources.pods, { ...real, metadata: { ...real.metadata, labels: { dry: 'yes' } } }, { dryRun: true });
    assert.deepEqual(dryUpdate.metadata.labels, { dry: 'yes' });
    const dryPatch = await env.client.patch(resources.pods, 'default', 'dry-real', 'merge', { metadata: { labels: { p: 'q' } } }, { dryRun: true });
    assert.deepEqual(dryPatch.metadata.labels, { p: 'q' });
    const dryDelete = await env.client.delete(resources.pods, 'default', 'dry-real', { dryRun: true });
    assert.equal(dryDelete.deleted, true);
    const stored = await env.client.get(resources.pods, 'default', 'dry-real');
    assert.equal(stored.metadata.resourceVersion, real.metadata.resourceVersion);
    assert.equal(stored.metadata.labels, undefined);
  });

  it('deletes an object', async () => {
    await env.client.create(resources.pods, pod('gone'));
    const result = await env.client.delete(resources.pods, 'default', 'gone');
    assert.equal(result.deleted, true);
    assert.equal(result.object.metadata.name, 'gone');
    await refused(env.client.get(resources.pods, 'default', 'gone'), 'NotFound');
    await refused(env.client.delete(resources.pods, 'default', 'gone'), 'NotFound');
  });

  it('checks delete preconditions', async () => {
    const created = await env.client.create(resources.pods, pod('precondition'));
    await refused(env.client.delete(resources.pods, 'default', 'precondition', { preconditions: { uid: 'not-the-uid' } }), 'Conflict', /Precondition failed: UID/);
    await refused(env.client.delete(resources.pods, 'default', 'precondition', { preconditions: { resourceVersion: '1' } }), 'Conflict', /Precondition failed: ResourceVersion/);
    const ok = await env.client.delete(resources.pods, 'default', 'precondition', { preconditions: { uid: created.metadata.uid } });
    assert.equal(ok.deleted, true);
  });

  it('refuses names that are not one key segment', async () => {
    await refused(env.client.get(resources.pods, 'default', 'a/b'), 'BadRequest');
    await refused(env.client.get(resources.pods, 'default', '..'), 'BadRequest');
    await refused(env.client.list(resources.pods, { namespace: '../x' }), 'BadRequest');
  });

  it('lists with a namespace narrowing the range', async () => {
    const ns = uniqueName('listing');
    await env.client.create(resources.namespaces, namespaceObject(ns));
    await env.client.create(resources.pods, pod('one', ns));
    await env.client.create(resources.pods, pod('two', ns));
    const list = await env.client.list<KubeObject>(resources.pods, { namespace: ns });
    assert.deepEqual(list.items.map((p) => p.metadata.name), ['one', 'two']);
    assert.equal(list.kind, 'PodList');
    for (const item of list.items) {
      assert.equal(item.apiVersion, 'v1');
      assert.equal(item.kind, 'Pod');
      assert.match(item.metadata.resourceVersion ?? '', /^\d+$/);
    }
    const all = await env.client.list(resources.pods);
    assert.ok(all.items.length > 2);
    assert.ok(Number(all.metadata.resourceVersion) >= Math.max(...list.items.map((p) => Number(p.metadata.resourceVersion))));
  });

  it('reports validation errors that name the field, for each kind', async () => {
    const badName = 'Not_A_Valid_Name';
    const cases: [ResourceInfo, KubeObject, RegExp][] = [
      [resources.pods, { ...pod('x'), spec: { containers: [] } }, /^Pod "x" is invalid: .*spec\.containers/],
      [resources.pods, pod(badName), /metadata\.name/],
      [resources.namespaces, namespaceObject(badName), /^Namespace "Not_A_Valid_Name" is invalid: .*metadata\.name/],
      [resources.nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: badName } }, /^Node .* is invalid: .*metadata\.name/],
      [resources.deployments, (() => {
        const d = deployment('mismatch');
        (d.spec as { selector: unknown }).selector = { matchLabels: { app: 'other' } };
        return d;
      })(), /^Deployment\.apps "mismatch" is invalid: .*spec\.template\.metadata\.labels/],
      [resources.replicaSets, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'default' }, spec: {} }, /^ReplicaSet\.apps "rs" is invalid: .*spec\./],
      [resources.daemonSets, { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ds', namespace: 'default' }, spec: {} }, /^DaemonSet\.apps "ds" is invalid: .*spec\./],
      [resources.statefulSets, { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'ss', namespace: 'default' }, spec: {} }, /^StatefulSet\.apps "ss" is invalid: .*spec\./],
      [resources.leases, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: badName, namespace: 'default' }, spec: {} }, /metadata\.name/],
      [resources.events, { apiVersion: 'v1', kind: 'Event', metadata: { name: badName, namespace: 'default' } }, /^Event .* is invalid: /],
    ];
    for (const [resource, body, message] of cases) {
      const err = await refused(env.client.create(resource, body), 'Invalid');
      assert.match(err.message, message, `${resource.plural}: ${err.message}`);
    }
    const created = await env.client.create(resources.deployments, deployment('immutable'));
    const spec = created.spec as { selector: unknown };
    const err = await refused(env.client.update<KubeObject>(resources.deployments, { ...created, spec: { ...spec, selector: { matchLabels: { app: 'changed' } } } }), 'Invalid');
    assert.match(err.message, /spec\.selector/);
  });
});
