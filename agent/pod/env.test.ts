import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/index.js';
import { configRefs, containerEnv, EnvConfigError, expandVars, skippedKeysMessage, type ConfigLookup } from './env.js';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'shop', uid: 'u1', labels: { app: 'web' } },
  spec: { nodeName: 'n1', containers: [] },
  status: { podIP: '10.0.0.5' },
};

test('env resolves values, fieldRefs and $(VAR) references in order', () => {
  const { list } = containerEnv(pod, {
    name: 'c',
    env: [
      { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
      { name: 'URL', value: 'http://$(IP):80/$(MISSING)/$$(IP)' },
    ],
  });
  assert.deepEqual(list, ['POD=web', 'NS=shop', 'IP=10.0.0.5', 'NODE=n1', 'APP=web', 'URL=http://10.0.0.5:80/$(MISSING)/$(IP)']);
});

test('unsupported sources are a config error', () => {
  assert.throws(
    () => containerEnv(pod, { name: 'c', env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } }] }),
    EnvConfigError,
  );
});

test('expandVars leaves text without references alone', () => {
  assert.equal(expandVars('a $ b $(', new Map()), 'a $ b $(');
});

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const lookup: ConfigLookup = {
  configMaps: new Map([['cfg', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, data: { LOG_LEVEL: 'debug', 'bad-1.ok': 'x', '1BAD': 'y', MODE: 'fast' } }]]),
  secrets: new Map([['db', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, data: { PASSWORD: b64('s3cr3t'), USER: b64('admin') } }]]),
};

test('envFrom first, with prefixes and invalid names skipped; env entries after it win and may refer to it', () => {
  const { list, skipped } = containerEnv(
    pod,
    {
      name: 'c',
      envFrom: [{ configMapRef: { name: 'cfg' } }, { prefix: 'DB_', secretRef: { name: 'db' } }, { configMapRef: { name: 'absent', optional: true } }],
      env: [
        { name: 'MODE', value: 'slow' },
        { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'LOG_LEVEL' } } },
        { name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'PASSWORD' } } },
        { name: 'MAYBE', valueFrom: { secretKeyRef: { name: 'db', key: 'NOPE', optional: true } } },
        { name: 'DSN', value: '$(DB_USER)@$(LEVEL)' },
      ],
    },
    lookup,
  );
  assert.deepEqual(list, ['LOG_LEVEL=debug', 'bad-1.ok=x', 'MODE=slow', 'DB_PASSWORD=s3cr3t', 'DB_USER=admin', 'LEVEL=debug', 'PW=s3cr3t', 'DSN=admin@debug']);
  assert.deepEqual(skipped, [{ kind: 'configMap', name: 'shop/cfg', keys: ['1BAD'] }]);
  assert.equal(skippedKeysMessage(skipped[0]), 'Keys [1BAD] from the EnvFrom configMap shop/cfg were skipped since they are considered invalid environment variable names.');
});

test('a missing ConfigMap, Secret or key is a config error worded as the kubelet words it', () => {
  const message = (container: Parameters<typeof containerEnv>[1]): string => {
    try {
      containerEnv(pod, container, lookup);
    } catch (err) {
      assert.ok(err instanceof EnvConfigError);
      return err.message;
    }
    return 'no error';
  };
  assert.equal(message({ name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'other', key: 'k' } } }] }), 'configmap "other" not found');
  assert.equal(message({ name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] }), "couldn't find key k in ConfigMap shop/cfg");
  assert.equal(message({ name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'db', key: 'k' } } }] }), "couldn't find key k in Secret shop/db");
  assert.equal(message({ name: 'c', envFrom: [{ secretRef: { name: 'vault' } }] }), 'secret "vault" not found');
  assert.equal(message({ name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'other', key: 'k', optional: true } } }] }), 'no error');
  assert.deepEqual(configRefs({ name: 'c', envFrom: [{ secretRef: { name: 'vault' } }], env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] }), {
    configMaps: new Set(['cfg']),
    secrets: new Set(['vault']),
  });
});

test("Services' variables come first, feed $(VAR) and yield to the container's own", () => {
  const serviceVars = new Map([
    ['KUBERNETES_SERVICE_HOST', '10.96.0.1'],
    ['KUBERNETES_SERVICE_PORT', '443'],
  ]);
  const env = containerEnv(
    pod,
    { name: 'c', image: 'x', env: [{ name: 'API', value: 'https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)' }, { name: 'KUBERNETES_SERVICE_PORT', value: '6443' }] },
    { configMaps: new Map(), secrets: new Map(), serviceVars },
  );
  assert.deepEqual(env.list, ['KUBERNETES_SERVICE_HOST=10.96.0.1', 'KUBERNETES_SERVICE_PORT=6443', 'API=https://10.96.0.1:443']);
});
