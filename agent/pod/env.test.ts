import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../api/types/index.js';
import { containerEnv, EnvConfigError, expandVars } from './env.js';

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
