// Graceful pod deletion, finalizers, propagation policies and namespace deletion.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import type { KubeObject } from '../../api/types/index.js';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';
import { eventually, namespaceObject, pod, summary, uniqueName, WatchRecorder } from '../../testkit/objects/apiserver-fixtures.js';
import { objectExists } from '../../testkit/objects/object-exists.js';
import { resources, type ResourceInfo } from '../../api/resources.js';

const env = useControlPlane();

function secondsFromNow(timestamp: string | undefined): number {
  assert.ok(timestamp, 'expected a deletionTimestamp');
  return (Date.parse(timestamp) - Date.now()) / 1000;
}

function exists(resource: ResourceInfo, namespace: string, name: string): Promise<boolean> {
  return objectExists(env.client, resource, namespace, name);
}

describe('apiserver deletion', () => {
  it('deletes a pod on a node gracefully, and a second delete may shorten but not lengthen', async () => {
    await env.client.create(resources.pods, pod('graceful', 'default', { spec: { terminationGracePeriodSeconds: 60 } }));
    await env.client.bind('default', 'graceful', 'node-1');
    const first = await env.client.delete(resources.pods, 'default', 'graceful');
    assert.equal(first.deleted, false);
    assert.equal(first.object.metadata.deletionGracePeriodSeconds, 60);
    const remaining = secondsFromNow(first.object.metadata.deletionTimestamp);
    assert.ok(remaining > 55 && remaining <= 61, `deadline in ${remaining}s`);
    assert.ok(await exists(resources.pods, 'default', 'graceful'));

    const longer = await env.client.delete(resources.pods, 'default', 'graceful', { gracePeriodSeconds: 300 });
    assert.equal(longer.object.metadata.deletionGracePeriodSeconds, 60, 'a later delete never lengthens');

    const shorter = await env.client.delete(resources.pods, 'default', 'graceful', { gracePeriodSeconds: 10 });
    assert.equal(shorter.deleted, false);
    assert.equal(shorter.object.metadata.deletionGracePeriodSeconds, 10);
    assert.ok(secondsFromNow(shorter.object.metadata.deletionTimestamp) <= 11);

    const now = await env.client.delete(resources.pods, 'default', 'graceful', { gracePeriodSeconds: 0 });
    assert.equal(now.deleted, true);
    assert.equal(await exists(resources.pods, 'default', 'graceful'), false);
  });

  it('uses the default grace of 30 s and deletes unbound or finished pods at once', async () => {
    await env.client.create(resources.pods, pod('default-grace'));
    await env.client.bind('default', 'default-grace', 'node-1');
    const graceful = await env.client.delete(resources.pods, 'default', 'default-grace');
    assert.equal(graceful.object.metadata.deletionGracePeriodSeconds, 30);

    await env.client.create(resources.pods, pod('unbound'));
    assert.equal((await env.client.delete(resources.pods, 'default', 'unbound')).deleted, true);

    await env.client.create(resources.pods, pod('finished'));
    await env.client.bind('default', 'finished', 'node-1');
    const bound = await env.client.get(resources.pods, 'default', 'finished');
    await env.client.updateStatus(resources.pods, { ...bound, status: { phase: 'Succeeded' } });
    assert.equal((await env.client.delete(resources.pods, 'default', 'finished')).deleted, true);
  });

  it('refuses to bind a pod that is being deleted', async () => {
    await env.client.create(resources.pods, pod('held', 'default'));
    await env.client.patch(resources.pods, 'default', 'held', 'merge', { metadata: { finalizers: ['example.com/hold'] } });
    await env.client.delete(resources.pods, 'default', 'held');
    await assert.rejects(env.client.bind('default', 'held', 'node-1'), (err) => isApiError(err, 'Conflict'));
    await env.client.patch(resources.pods, 'default', 'held', 'merge', { metadata: { finalizers: null } });
  });

  it('holds deletion while finalizers remain and releases it by update', async () => {
    const created = await env.client.create<KubeObject>(resources.pods, {
      ...pod('finalized'),
      metadata: { name: 'finalized', namespace: 'default', finalizers: ['example.com/cleanup'] },
    });
    const w = new WatchRecorder(env.client.watch(resources.pods, { namespace: 'default', resourceVersion: created.metadata.resourceVersion }));
    const held = await env.client.delete(resources.pods, 'default', 'finalized');
    assert.equal(held.deleted, false);
    assert.ok(held.object.metadata.deletionTimestamp);
    assert.equal(held.object.metadata.deletionGracePeriodSeconds, 0);
    assert.ok(await exists(resources.pods, 'default', 'finalized'));

    await assert.rejects(
      env.client.update(resources.pods, { ...held.object, metadata: { ...held.object.metadata, finalizers: ['example.com/cleanup', 'example.com/late'] } }),
      (err) => isApiError(err) && /metadata\.finalizers/.test(err.message) && /no new finalizers/.test(err.message),
    );

    const released = await env.client.update(resources.pods, { ...held.object, metadata: { ...held.object.metadata, finalizers: [] } });
    assert.equal(released.metadata.name, 'finalized');
    assert.equal(await exists(resources.pods, 'default', 'finalized'), false);
    const events = await w.take(3);
    w.cancel();
    assert.deepEqual(summary(events), ['MODIFIED finalized', 'MODIFIED finalized', 'DELETED finalized']);
    const last = events[2].object.metadata;
    assert.deepEqual(last.finalizers ?? [], [], 'DELETED carries the object as the releasing update left it');
    assert.equal(last.resourceVersion, released.metadata.resourceVersion);
  });

  it('adds the orphan and foregroundDeletion finalizers for those propagation policies', async () => {
    await env.client.create(resources.pods, pod('orphaned'));
    const orphan = await env.client.delete(resources.pods, 'default', 'orphaned', { propagationPolicy: 'Orphan' });
    assert.deepEqual(orphan.object.metadata.finalizers, ['orphan']);
    assert.equal(orphan.deleted, false);

    await env.client.create(resources.pods, pod('foreground'));
    const foreground = await env.client.delete(resources.pods, 'default', 'foreground', { propagationPolicy: 'Foreground' });
    assert.deepEqual(foreground.object.metadata.finalizers, ['foregroundDeletion']);

    await env.client.create(resources.pods, pod('background'));
    const background = await env.client.delete(resources.pods, 'default', 'background', { propagationPolicy: 'Background' });
    assert.equal(background.deleted, true);

    for (const name of ['orphaned', 'foreground']) {
      const current = await env.client.get(resources.pods, 'default', name);
      await env.client.update(resources.pods, { ...current, metadata: { ...current.metadata, finalizers: [] } });
      assert.equal(await exists(resources.pods, 'default', name), false);
    }
  });

  it('refuses to delete the system namespaces', async () => {
    for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      await assert.rejects(
        env.client.delete(resources.namespaces, '', name),
        (err) => isApiError(err, 'Forbidden') && err.message === `namespaces "${name}" is forbidden: this namespace may not be deleted`,
      );
    }
  });

  it('terminates a namespace: refuses new content, deletes what is in it, then removes it', async () => {
    const ns = uniqueName('doomed');
    await env.client.create(resources.namespaces, namespaceObject(ns));
    await env.client.create(resources.pods, pod('a', ns));
    await env.client.create(resources.pods, pod('b', ns));
    await env.client.create<KubeObject>(resources.pods, { ...pod('held', ns), metadata: { name: 'held', namespace: ns, finalizers: ['example.com/hold'] } });

    const result = await env.client.delete(resources.namespaces, '', ns);
    assert.equal(result.deleted, false);
    assert.ok(result.object.metadata.deletionTimestamp);
    assert.equal((result.object.status as { phase: string }).phase, 'Terminating');

    await assert.rejects(
      env.client.create(resources.pods, pod('late', ns)),
      (err) =>
        isApiError(err, 'Forbidden') && err.message === `pods "late" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
    );
    // The namespace is emptied object by object: wait for the last delete (the held pod's) to land too.
    await eventually('the namespace to be emptied', async () => {
      const left = (await env.client.list(resources.pods, { namespace: ns })).items;
      return left.length === 1 && left[0]?.metadata.deletionTimestamp !== undefined;
    });
    const held = await env.client.get(resources.pods, ns, 'held');
    assert.ok(held.metadata.deletionTimestamp, 'the pod its finalizer holds is the one left, being deleted');
    assert.ok(await exists(resources.namespaces, '', ns), 'the namespace waits for its content');

    await env.client.update(resources.pods, { ...held, metadata: { ...held.metadata, finalizers: [] } });
    await eventually('the namespace to be removed', async () => !(await exists(resources.namespaces, '', ns)), 10_000);
  });

  it('keeps a Terminating namespace that is updated until its content is gone', async () => {
    const ns = uniqueName('relabelled');
    await env.client.create(resources.namespaces, namespaceObject(ns));
    await env.client.create<KubeObject>(resources.pods, { ...pod('held', ns), metadata: { name: 'held', namespace: ns, finalizers: ['example.com/hold'] } });
    await env.client.delete(resources.namespaces, '', ns);

    const labelled = await env.client.patch(resources.namespaces, '', ns, 'merge', { metadata: { labels: { team: 'x' } } });
    assert.deepEqual(labelled.metadata.labels, { team: 'x' });
    assert.ok(await exists(resources.namespaces, '', ns), 'an update must not remove a namespace that still has content');

    const held = await env.client.get(resources.pods, ns, 'held');
    await env.client.update(resources.pods, { ...held, metadata: { ...held.metadata, finalizers: [] } });
    await eventually('the namespace to be removed', async () => !(await exists(resources.namespaces, '', ns)), 10_000);
  });
});
