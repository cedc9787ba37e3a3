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
