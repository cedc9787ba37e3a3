import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node, Pod } from '../api/types/index.js';
import { SharedInformerFactory } from './informer-factory.js';
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
});
