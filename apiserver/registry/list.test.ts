// Paged lists and resourceVersion semantics over the in-memory store.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError, type StatusReason } from '../../api/errors.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { harness } from './registry-fixtures.js';
import type { Registry } from './registry.js';

const CONFIGMAPS = findResource('configmaps') as ResourceInfo;

function configMap(name: string, labels: Record<string, string> = {}): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels }, data: { k: name } });
}

async function withConfigMaps(registry: Registry, names: string[], labels: (name: string) => Record<string, string> = () => ({})): Promise<void> {
  for (const name of names) await registry.create(CONFIGMAPS, 'default', configMap(name, labels(name)));
}

function names(list: { items: { metadata: { name?: string } }[] }): string[] {
  return list.items.map((item) => item.metadata.name ?? '');
}

function refusedWith(reason: StatusReason, message: RegExp): (err: unknown) => boolean {
  return (err) => isApiError(err, reason) && message.test(err.message);
}

describe('list pages', () => {
  it('pages in key order at the first page revision, with remainingItemCount', async () => {
    const { registry } = await harness();
    await withConfigMaps(registry, ['a', 'b', 'c', 'd', 'e']);
    const first = await registry.list(CONFIGMAPS, 'default', '', '', { limit: 2 });
    assert.deepEqual(names(first), ['a', 'b']);
    assert.equal(first.metadata.remainingItemCount, 3);
    assert.ok(first.metadata.continue);
    // Written after the first page: a consistent list never shows them.
    await withConfigMaps(registry, ['bb', 'z']);
    await registry.delete(CONFIGMAPS, 'default', 'd');
    const second = await registry.list(CONFIGMAPS, 'default', '', '', { limit: 2, continue: first.metadata.continue });
    assert.deepEqual(names(second), ['c', 'd']);
    assert.equal(second.metadata.resourceVersion, first.metadata.resourceVersion);
    assert.equal(second.metadata.remainingItemCount, 1);
    const third = await registry.list(CONFIGMAPS, 'default', '', '', { limit: 2, continue: second.metadata.continue });
    assert.deepEqual(names(third), ['e']);
    assert.equal(third.metadata.continue, undefined);
    assert.equal(third.metadata.remainingItemCount, undefined);
  });

  it('hands out no token when the page ends exactly at the last key', async () => {
    const { registry } = await harness();
    await withConfigMaps(registry, ['a', 'b']);
    const page = await registry.list(CONFIGMAPS, 'default', '', '', { limit: 2 });
    assert.deepEqual(names(page), ['a', 'b']);
    assert.equal(page.metadata.continue, undefined);
  });

  it('fills a selective page by reading on, and leaves remainingItemCount unknown', async () => {
    const { registry } = await harness();
    const all = Array.from({ length: 12 }, (_, i) => `cm-${String(i).padStart(2, '0')}`);
    await withConfigMaps(registry, all, (name) => ({ pick: Number(name.slice(3)) % 4 === 3 ? 'yes' : 'no' }));
    const first = await registry.list(CONFIGMAPS, 'default', 'pick=yes', '', { limit: 2 });
    assert.deepEqual(names(first), ['cm-03', 'cm-07']);
    assert.equal(first.metadata.remainingItemCount, undefined);
    const rest = await registry.list(CONFIGMAPS, 'default', 'pick=yes', '', { limit: 2, continue: first.metadata.continue });
    assert.deepEqual(names(rest), ['cm-11']);
    assert.equal(rest.metadata.continue, undefined);
  });

  it('answers 410 Expired with an inconsistent continue token once the revision is compacted', async () => {
    const { registry, store } = await harness();
    await withConfigMaps(registry, ['a', 'b', 'c']);
    const first = await registry.list(CONFIGMAPS, 'default', '', '', { limit: 1 });
    await withConfigMaps(registry, ['aa']);
    await store.compact(await store.currentRevision());
    let fresh = '';
    await assert.rejects(registry.list(CONFIGMAPS, 'default', '', '', { limit: 1, continue: first.metadata.continue }), (err) => {
      assert.ok(isApiError(err, 'Expired'));
      assert.equal(err.code, 410);
      assert.match(err.message, /^The provided continue parameter is too old to display a consistent list result\. You can start a new list/);
      fresh = err.toStatus().metadata?.continue ?? '';
      return true;
    });
    assert.equal(decodeContinue(fresh, '/registry/core/configmaps/default/').revision, -1);
    const rest = await registry.list(CONFIGMAPS, 'default', '', '', { continue: fresh });
    assert.deepEqual(names(rest), ['aa', 'b', 'c'], 'the inconsistent remainder reads the newest state from the next key on');
  });

  it('refuses malformed tokens as BadRequest naming continue', async () => {
    const { registry } = await harness();
    const prefix = '/registry/core/configmaps/default/';
    const bad = [
      'not base64!',
      Buffer.from('{').toString('base64url'),
      Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v2', rv: 5, start: 'a' })).toString('base64url'),
      Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 0, start: 'a' })).toString('base64url'),
      Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 5, start: '' })).toString('base64url'),
      Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 5, start: '../../secrets/default/x' })).toString('base64url'),
    ];
    for (const token of bad) {
      await assert.rejects(registry.list(CONFIGMAPS, 'default', '', '', { continue: token }), refusedWith('BadRequest', /^invalid continue token: continue key is not valid/), token);
    }
    assert.equal(decodeContinue(encodeContinue(`${prefix}x\x00`, prefix, 7), prefix).from, `${prefix}x\x00`);
  });
});

describe('list resourceVersion', () => {
  it('reads exactly at a past revision with Exact, and 410 once it is compacted', async () => {
    const { registry, store } = await harness();
    await withConfigMaps(registry, ['a']);
    const then = (await registry.list(CONFIGMAPS, 'default')).metadata.resourceVersion ?? '';
    await withConfigMaps(registry, ['b']);
    const exact = await registry.list(CONFIGMAPS, 'default', '', '', { resourceVersion: then, resourceVersionMatch: 'Exact' });
    assert.deepEqual(names(exact), ['a']);
    assert.equal(exact.metadata.resourceVersion, then);
    const notOlder = await registry.list(CONFIGMAPS, 'default', '', '', { resourceVersion: then, resourceVersionMatch: 'NotOlderThan' });
    assert.deepEqual(names(notOlder), ['a', 'b']);
    await store.compact(await store.currentRevision());
    await assert.rejects(
      registry.list(CONFIGMAPS, 'default', '', '', { resourceVersion: then, resourceVersionMatch: 'Exact' }),
      refusedWith('Expired', /^The resourceVersion for the provided list is too old\.$/),
    );
  });

  it('answers a revision not reached yet with 504 Too large resource version', async () => {
    const { registry, store } = await harness();
    const future = String((await store.currentRevision()) + 100);
    for (const match of ['', 'NotOlderThan', 'Exact']) {
      await assert.rejects(
        registry.list(CONFIGMAPS, 'default', '', '', { resourceVersion: future, resourceVersionMatch: match }),
        refusedWith('Timeout', /^Too large resource version: \d+, current: \d+$/),
      );
    }
    await withConfigMaps(registry, ['a']);
    await assert.rejects(registry.get(CONFIGMAPS, 'default', 'a', future), refusedWith('Timeout', /^Too large resource version/));
    assert.equal((await registry.get(CONFIGMAPS, 'default', 'a', '0')).metadata.name, 'a');
  });

  it('validates the combinations as Kubernetes does', async () => {
    const { registry } = await harness();
    const token = encodeContinue('/registry/core/configmaps/default/a\x00', '/registry/core/configmaps/default/', 2);
    const cases: [Parameters<Registry['list']>[4], StatusReason, RegExp][] = [
      [{ resourceVersionMatch: 'Exact' }, 'Invalid', /^ListOptions\.meta\.k8s\.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided$/],
      [{ resourceVersion: '0', resourceVersionMatch: 'Exact' }, 'Invalid', /resourceVersionMatch "exact" is forbidden for resourceVersion "0"/],
      [{ resourceVersion: '5', resourceVersionMatch: 'Newest' }, 'Invalid', /resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""/],
      [{ continue: token, resourceVersionMatch: 'NotOlderThan' }, 'Invalid', /resourceVersionMatch is forbidden when continue is provided/],
      [{ continue: token, resourceVersion: '2' }, 'BadRequest', /^specifying resource version is not allowed when using continue$/],
      [{ resourceVersion: 'abc' }, 'BadRequest', /invalid resource version "abc"/],
    ];
    for (const [options, reason, message] of cases) {
      await assert.rejects(registry.list(CONFIGMAPS, 'default', '', '', options), refusedWith(reason, message), JSON.stringify(options));
    }
  });
});
