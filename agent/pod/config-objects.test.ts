import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../api/errors.js';
import type { KubeObject } from '../../api/types/index.js';
import { CONFIG_OBJECT_CACHE_TTL_MS } from '../timing.js';
import { ConfigObjects } from './config-objects.js';

test('reads each object once per period, answers undefined for NotFound and passes other errors on', async () => {
  const gets: string[] = [];
  let now = 1_000;
  const client = {
    get: (resource: { plural: string }, namespace: string, name: string): Promise<KubeObject> => {
      gets.push(`${resource.plural}/${namespace}/${name}`);
      if (name === 'missing') return Promise.reject(new ApiError('NotFound', `configmaps "${name}" not found`));
      if (name === 'broken') return Promise.reject(new ApiError('InternalError', 'etcd is down'));
      return Promise.resolve({ apiVersion: 'v1', kind: resource.plural === 'secrets' ? 'Secret' : 'ConfigMap', metadata: { name, namespace } });
    },
  } as unknown as ConstructorParameters<typeof ConfigObjects>[0];
  const objects = new ConfigObjects(client, () => now);
  assert.equal((await objects.configMap('shop', 'cfg'))?.metadata.name, 'cfg');
  assert.equal((await objects.configMap('shop', 'cfg'))?.metadata.name, 'cfg');
  assert.equal(await objects.configMap('shop', 'missing'), undefined);
  assert.equal((await objects.secret('shop', 'cfg'))?.kind, 'Secret');
  await assert.rejects(objects.configMap('shop', 'broken'), /etcd is down/);
  assert.deepEqual(gets, ['configmaps/shop/cfg', 'configmaps/shop/missing', 'secrets/shop/cfg', 'configmaps/shop/broken']);
  now += CONFIG_OBJECT_CACHE_TTL_MS;
  await objects.configMap('shop', 'missing');
  assert.equal(gets.at(-1), 'configmaps/shop/missing');
});

test('callers asking while a get is under way share it, errors included', async () => {
  let gets = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => waiting.splice(0).forEach((resolve) => resolve());
  let fail = false;
  const client = {
    get: async (_resource: unknown, namespace: string, name: string): Promise<KubeObject> => {
      gets++;
      await new Promise<void>((resolve) => waiting.push(resolve));
      if (fail) throw new ApiError('InternalError', 'etcd is down');
      return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace } };
    },
  } as unknown as ConstructorParameters<typeof ConfigObjects>[0];
  const objects = new ConfigObjects(client, () => 1_000);
  const both = Promise.all([objects.service('default', 'kubernetes'), objects.service('default', 'kubernetes')]);
  await new Promise((resolve) => setImmediate(resolve));
  release();
  const [a, b] = await both;
  assert.equal(gets, 1);
  assert.equal(a?.metadata.name, 'kubernetes');
  assert.equal(b, a);
  fail = true;
  const failing = Promise.allSettled([objects.secret('shop', 's'), objects.secret('shop', 's')]);
  await new Promise((resolve) => setImmediate(resolve));
  release();
  const settled = await failing;
  assert.equal(gets, 2);
  assert.deepEqual(settled.map((r) => r.status), ['rejected', 'rejected']);
  fail = false;
  const again = objects.secret('shop', 's');
  await new Promise((resolve) => setImmediate(resolve));
  release();
  assert.equal((await again)?.metadata.name, 's', 'a failed get is not kept');
  assert.equal(gets, 3);
});
