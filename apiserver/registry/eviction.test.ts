// Evictions over the in-memory store: a graceful delete with the body's options.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import { parseEviction } from './eviction.js';
import { harness } from './registry-fixtures.js';
import type { Registry } from './registry.js';

const PODS = resources.pods;

async function boundPod(registry: Registry, name: string): Promise<void> {
  await registry.create(PODS, 'default', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] } }));
  await registry.bind('default', JSON.stringify({ metadata: { name }, target: { kind: 'Node', name: 'node-1' } }));
}

function eviction(name: string, deleteOptions?: object, apiVersion = 'policy/v1'): string {
  return JSON.stringify({ apiVersion, kind: 'Eviction', metadata: { name, namespace: 'default' }, ...(deleteOptions ? { deleteOptions } : {}) });
}

describe('eviction', () => {
  it('deletes a pod on a node gracefully, with the pod grace period or the one asked for', async () => {
    const { registry } = await harness();
    await boundPod(registry, 'web');
    await registry.evict('default', 'web', parseEviction(eviction('web'), 'web'));
    const marked = await registry.get(PODS, 'default', 'web');
    assert.ok(marked.metadata.deletionTimestamp, 'graceful: marked, not removed');
    assert.equal(marked.metadata.deletionGracePeriodSeconds, 30);
    await registry.evict('default', 'web', parseEviction(eviction('web', { gracePeriodSeconds: 0 }, 'policy/v1beta1'), 'web'));
    await assert.rejects(registry.get(PODS, 'default', 'web'), (err) => isApiError(err, 'NotFound'));
  });

  it('honours dry run and preconditions', async () => {
    const { registry } = await harness();
    await boundPod(registry, 'web');
    await registry.evict('default', 'web', parseEviction(eviction('web'), 'web'), true);
    assert.equal((await registry.get(PODS, 'default', 'web')).metadata.deletionTimestamp, undefined);
    const stale = parseEviction(eviction('web', { preconditions: { uid: 'someone-else' } }), 'web');
    await assert.rejects(registry.evict('default', 'web', stale), (err) => isApiError(err, 'Conflict'));
  });

  it('answers 404 for a missing pod and 400 for a body naming another', async () => {
    const { registry } = await harness();
    await assert.rejects(registry.evict('default', 'nope', parseEviction(eviction('nope'), 'nope')), (err) => isApiError(err, 'NotFound') && err.message === 'pods "nope" not found');
    assert.throws(() => parseEviction(eviction('other'), 'web'), (err) => isApiError(err, 'BadRequest') && err.message === 'name in URL does not match name in Eviction object');
    assert.throws(() => parseEviction(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } }), 'web'), (err) => isApiError(err, 'BadRequest'));
  });
});
