import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod } from '../api/types/index.js';
import { SharedInformerFactory } from './informer-factory.js';
import { stripManagedFields } from './strip-managed-fields.js';
import { FakeApiClient } from '../testkit/fakes/fake-api-client.js';
import { resources } from '../api/resources.js';

describe('SharedInformerFactory', () => {
  it('shares one informer per resource and filter, starts and syncs them all', async () => {
    const fake = new FakeApiClient();
    fake.seed('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' } } as Pod);
    fake.seed('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } } as Node);
    const factory = new SharedInformerFactory(fake.asClient());
    const pods = factory.informerFor<Pod>(resources.pods);
    assert.equal(factory.informerFor(resources.pods), pods);
    const filtered = factory.informerFor<Pod>(resources.pods, { fieldSelector: 'spec.nodeName=n' });
    assert.notEqual(filtered, pods);
    const nodes = factory.informerFor<Node>(resources.nodes);
    factory.start();
    await factory.waitForSync(2_000);
    assert.equal(pods.store.list().length, 1);
    assert.equal(nodes.store.get('', 'n')?.metadata.name, 'n');
    const late = factory.informerFor<Pod>(resources.pods, { namespace: 'kube-system' });
    assert.equal(late.isStarted(), true, 'informers asked for after start() start at once');
    await late.waitForSync(2_000);
    await factory.stop();
    assert.equal(fake.calls.filter((c) => c.method === 'list' && c.resource === 'pods').length, 3);
  });

  it('gives every informer its transform, listed and watched objects alike, unless the caller brings its own', async () => {
    const managedFields = [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: {} }];
    const withOwners = (name: string): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', managedFields }, spec: { containers: [] } }) as Pod;
    const fake = new FakeApiClient();
    fake.seed('pods', withOwners('listed'));
    const factory = new SharedInformerFactory(fake.asClient(), undefined, { transform: stripManagedFields });
    const pods = factory.informerFor<Pod>(resources.pods);
    const whole = factory.informerFor<Pod>(resources.pods, { namespace: 'default', transform: (obj) => obj });
    factory.start();
    await factory.waitForSync(2_000);
    await fake.waitForWatches(2);
    const watched = withOwners('watched');
    for (const watch of fake.watches) watch.push({ type: 'ADDED', object: { ...watched, metadata: { ...watched.metadata, resourceVersion: '99' } } });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(
      pods.store.list().map((p) => [p.metadata.name, p.metadata.managedFields]),
      [
        ['listed', undefined],
        ['watched', undefined],
      ],
    );
    assert.deepEqual(whole.store.get('default', 'listed')?.metadata.managedFields, managedFields);
    await factory.stop();
  });
});
