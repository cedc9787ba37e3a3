import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { INSPECT_CACHE_MAX_AGE_MS, InspectCache } from './inspect-cache.js';
import type { RuntimeContainer } from './runtime-types.js';

const ID = 'a'.repeat(64);

function container(state: RuntimeContainer['state']): RuntimeContainer {
  return { id: ID, podUid: 'u', podNamespace: 'default', podName: 'p', containerName: 'c', kind: 'app', restartCount: 0, dockerName: 'x', image: 'i', imageID: 'sha', state, exitCode: 0, oomKilled: false, error: '', createdAt: '2024-01-01T00:00:00Z', addresses: {} };
}

describe('InspectCache', () => {
  it('reuses an inspection while the engine lists the container in the same state, and not past its age', () => {
    let now = 0;
    const cache = new InspectCache(() => now);
    cache.set(ID, cache.mark(), 'running', container('running'));
    assert.equal(cache.get(ID, 'running')?.state, 'running');
    assert.equal(cache.get(ID, 'exited'), undefined, 'a new listed state means a new inspection');
    assert.equal(cache.get(ID, 'running'), undefined, 'and the old one is gone');
    cache.set(ID, cache.mark(), 'running', container('running'));
    now += INSPECT_CACHE_MAX_AGE_MS;
    assert.equal(cache.get(ID, 'running'), undefined);
  });

  it('drops a forgotten container, and keeps no inspection that was under way across it', () => {
    const cache = new InspectCache();
    cache.set(ID, cache.mark(), 'running', container('running'));
    cache.forget(ID);
    assert.equal(cache.get(ID, 'running'), undefined);
    const mark = cache.mark();
    cache.forget(ID);
    cache.set(ID, mark, 'running', container('running'));
    assert.equal(cache.get(ID, 'running'), undefined, 'an inspection begun before the change may show the old container');
    cache.set(ID, cache.mark(), 'running', container('running'));
    assert.ok(cache.get(ID, 'running'));
  });

  it('trusts nothing once cleared, and forgets containers the engine no longer lists', () => {
    const cache = new InspectCache();
    const mark = cache.mark();
    cache.clear();
    cache.set(ID, mark, 'running', container('running'));
    assert.equal(cache.size, 0);
    cache.set(ID, cache.mark(), 'running', container('running'));
    cache.retain(new Set());
    assert.equal(cache.size, 0);
  });

  it('answers an unchanged inspection without a listed state until it is forgotten or too old', () => {
    let now = 0;
    const cache = new InspectCache(() => now);
    cache.set(ID, cache.mark(), 'running', container('running'));
    assert.equal(cache.unchanged(ID)?.state, 'running');
    now += INSPECT_CACHE_MAX_AGE_MS;
    assert.equal(cache.unchanged(ID), undefined);
    cache.set(ID, cache.mark(), 'running', container('running'));
    cache.forget(ID);
    assert.equal(cache.unchanged(ID), undefined);
  });
});
